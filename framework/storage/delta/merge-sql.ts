import type { MergeSpec } from '../../definitions/types.js'
import { DeltaError } from '../../errors.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import type { DeltaField } from './snapshot-types.js'
import { quoteIdent } from './sql-quote.js'
import { FILE_COLUMN, ROW_COLUMN } from './write-scan.js'

/** Set on every source row, so that a LEFT JOIN tells matched target rows from unmatched ones. */
export const MATCHED_COLUMN = '__merge_matched'

/** SQL pieces of one MERGE over a table schema; `target` and `source` are the aliases `on` uses. */
export interface MergeSql {
  /** Per matched (target, source) pair: the index (1-based) of the first WHEN MATCHED clause that applies, else 0. */
  readonly clauseCase: string
  /** Indexes of update and delete clauses. */
  readonly updateClauses: readonly number[]
  readonly deleteClauses: readonly number[]
  /** Rows of the rewritten files: `scan` LEFT JOIN source, one row per target row, deleted rows dropped. */
  rewrite(scanSql: string, sourceTable: string): string
  /** Source rows matching no target row, shaped like the table, per the WHEN NOT MATCHED clauses. */
  inserts(
    scanSql: string,
    sourceTable: string,
    sourceColumns: readonly string[],
  ): string | undefined
}

/** Builds the SQL of a copy-on-write MERGE; throws SCHEMA_MISMATCH for SET/INSERT columns not in the table. */
export function mergeSql(where: string, spec: MergeSpec, schema: readonly DeltaField[]): MergeSql {
  const matched = spec.whenMatched ?? []
  const condition = (c: { readonly condition?: { readonly text: string } }) =>
    c.condition === undefined ? 'true' : `coalesce((${c.condition.text}), false)`
  const column = (name: string): DeltaField => {
    const field = schema.find((f) => f.name.toLowerCase() === name.toLowerCase())
    if (field === undefined) {
      throw new DeltaError(
        'SCHEMA_MISMATCH',
        `${where}: the merge sets column "${name}", which is not in the table (${schema.map((f) => f.name).join(', ')}). Fix the clause.`,
      )
    }
    return field
  }
  const whens = matched.map((c, i) => `WHEN ${condition(c)} THEN ${i + 1}`).join(' ')
  const clauseCase =
    matched.length === 0
      ? '0'
      : `CASE WHEN source.${MATCHED_COLUMN} IS NULL THEN 0 ${whens} ELSE 0 END`
  const updates = matched.map((c) =>
    c.action === 'update'
      ? new Map(Object.entries(c.set).map(([k, v]) => [column(k).name, v.text]))
      : undefined,
  )
  const typed = (field: DeltaField, expr: string) =>
    `CAST((${expr}) AS ${deltaTypeToDuckDb(field.type)})`

  return {
    clauseCase,
    updateClauses: matched.flatMap((c, i) => (c.action === 'update' ? [i + 1] : [])),
    deleteClauses: matched.flatMap((c, i) => (c.action === 'delete' ? [i + 1] : [])),
    rewrite(scanSql, sourceTable) {
      const items = schema.map((field) => {
        const ref = `target.${quoteIdent(field.name)}`
        const cases = updates.flatMap((set, i) => {
          const expr = set?.get(field.name)
          return expr === undefined ? [] : [`WHEN ${i + 1} THEN ${typed(field, expr)}`]
        })
        return cases.length === 0
          ? ref
          : `CASE (${clauseCase}) ${cases.join(' ')} ELSE ${ref} END AS ${quoteIdent(field.name)}`
      })
      const deletes = matched.flatMap((c, i) => (c.action === 'delete' ? [i + 1] : []))
      const keep = deletes.length === 0 ? 'true' : `__clause NOT IN (${deletes.join(', ')})`
      // One output row per target row even when several source rows match it: the pair a clause applies to
      // wins (two such pairs were rejected earlier), the others are no-ops. QUALIFY runs before the delete filter.
      const joined = `SELECT ${items.join(', ')}, (${clauseCase}) AS __clause FROM (${scanSql}) AS target LEFT JOIN ${sourceTable} AS source ON (${spec.on.text})
        QUALIFY row_number() OVER (PARTITION BY target.${FILE_COLUMN}, target.${ROW_COLUMN} ORDER BY (${clauseCase}) DESC) = 1`
      return `SELECT * EXCLUDE (__clause) FROM (${joined}) WHERE ${keep}`
    },
    inserts(scanSql, sourceTable, sourceColumns) {
      const clauses = spec.whenNotMatched ?? []
      if (clauses.length === 0) return undefined
      const byName = new Map(sourceColumns.map((c) => [c.toLowerCase(), c]))
      const selects = clauses.map((clause, i) => {
        const values =
          clause.values === undefined
            ? undefined
            : new Map(Object.entries(clause.values).map(([k, v]) => [column(k).name, v.text]))
        const items = schema.map((field) => {
          const expr =
            values === undefined
              ? sourceExpr(byName.get(field.name.toLowerCase()))
              : values.get(field.name)
          return `${expr === undefined ? 'NULL' : typed(field, expr)} AS ${quoteIdent(field.name)}`
        })
        const earlier = clauses.slice(0, i).map((c) => `NOT ${condition(c)}`)
        const filter = [
          condition(clause),
          ...earlier,
          `NOT EXISTS (SELECT 1 FROM (${scanSql}) AS target WHERE ${spec.on.text})`,
        ]
        return `SELECT ${items.join(', ')} FROM ${sourceTable} AS source WHERE ${filter.join(' AND ')}`
      })
      return selects.join(' UNION ALL ')
    },
  }
}

function sourceExpr(name: string | undefined): string | undefined {
  return name === undefined ? undefined : `source.${quoteIdent(name)}`
}
