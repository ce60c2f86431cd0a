import type { DuckDBConnection } from '@duckdb/node-api'
import type { AddAction } from './actions.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import type { DeltaField } from './snapshot-types.js'
import { quoteIdent, quoteString } from './sql-quote.js'

type PartitionValues = Readonly<Record<string, string | null>>

/**
 * A predicate (SQL text) judged on partition values alone, when it names only partition columns.
 * Files are then kept or dropped whole from the log, without reading any data.
 */
export interface PartitionPredicate {
  /** Files whose partition matches. */
  matchingFiles(files: readonly AddAction[]): Promise<AddAction[]>
  /** Whether a file in this partition (from a concurrent commit) may hold matching rows. */
  matches(values: PartitionValues): Promise<boolean>
}

/**
 * The partition-only form of `predicate`, or undefined when it refers to data columns (DuckDB fails
 * to bind it against a relation that has the partition columns only).
 */
export async function partitionPredicate(
  connection: DuckDBConnection,
  predicate: string,
  schema: readonly DeltaField[],
  partitionColumns: readonly string[],
): Promise<PartitionPredicate | undefined> {
  if (partitionColumns.length === 0) return undefined
  const fields = partitionColumns.map((name) => {
    const field = schema.find((f) => f.name === name)
    return { name, type: field === undefined ? 'VARCHAR' : deltaTypeToDuckDb(field.type) }
  })
  const relation = (rows: readonly PartitionValues[]) => {
    const tuples = rows.map((values, i) => {
      const cells = fields.map((f) => {
        const value = values[f.name]
        return `CAST(${value === null || value === undefined || value === '' ? 'NULL' : quoteString(value)} AS ${f.type})`
      })
      return `(${[String(i), ...cells].join(', ')})`
    })
    const names = ['__i', ...fields.map((f) => quoteIdent(f.name))].join(', ')
    return `(VALUES ${tuples.join(', ')}) AS target(${names})`
  }
  const matchingRows = async (rows: readonly PartitionValues[]): Promise<Set<number>> => {
    if (rows.length === 0) return new Set()
    const reader = await connection.runAndReadAll(
      `SELECT __i FROM ${relation(rows)} WHERE coalesce((${predicate}), false)`,
    )
    return new Set(reader.getRowObjects().map((row) => Number(row.__i)))
  }
  try {
    await connection.runAndReadAll(`SELECT __i FROM ${relation([{}])} WHERE (${predicate}) LIMIT 0`)
  } catch {
    return undefined
  }
  return {
    async matchingFiles(files) {
      const keys = [
        ...new Set(
          files.map((f) =>
            JSON.stringify(partitionColumns.map((c) => f.partitionValues[c] ?? null)),
          ),
        ),
      ]
      const rows = keys.map((key) =>
        Object.fromEntries(
          partitionColumns.map((c, i) => [c, (JSON.parse(key) as (string | null)[])[i] ?? null]),
        ),
      )
      const hits = await matchingRows(rows)
      const matchingKeys = new Set(keys.filter((_, i) => hits.has(i)))
      return files.filter((f) =>
        matchingKeys.has(JSON.stringify(partitionColumns.map((c) => f.partitionValues[c] ?? null))),
      )
    },
    async matches(values) {
      return (await matchingRows([values])).size > 0
    },
  }
}
