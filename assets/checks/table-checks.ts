import type * as z from 'zod'
import {
  type AssetDefinition,
  type AssetDeps,
  type AssetKey,
  type CheckDefinition,
  defineCheck,
  fail,
  pass,
  type SqlFragment,
  sql,
  type TableRef,
} from '../../framework/index.js'
import { declaredColumns } from '../columns.js'
import { compareColumns } from './compare-columns.js'

type Asset<S extends z.ZodObject> = AssetDefinition<AssetKey, S, AssetDeps>

/**
 * The stored table has exactly the declared columns, in order, with the declared DuckDB types.
 * Error and blocking: downstream SQL reads columns by name and type, so a drifted table would
 * fail there or, worse, compute wrong numbers.
 */
export function schemaMatches<S extends z.ZodObject>(asset: Asset<S>): CheckDefinition {
  const declared = declaredColumns(asset.schema)
  return defineCheck({
    asset,
    name: 'schema_matches',
    description:
      'Columns, order and DuckDB types equal the declared schema. Error, blocking: downstream SQL depends on them, and a drifted table would break it or skew its numbers.',
    severity: 'error',
    blocking: true,
    evaluate: async ({ table, query }) => {
      const stored = await query<{ column_name: string; column_type: string }>(
        sql`DESCRIBE SELECT * FROM ${table}`,
      )
      const problems = compareColumns(
        declared,
        stored.map((c) => ({ name: c.column_name, sqlType: c.column_type })),
      )
      return problems.length === 0
        ? pass({ columns: declared.length })
        : fail(`the stored table differs from the declared schema: ${problems.join('; ')}`, {
            problems,
          })
    },
  })
}

/**
 * The table has rows. Error and blocking: an empty input does not fail downstream SQL, it silently
 * turns every metric into zero or NULL.
 */
export function notEmpty<S extends z.ZodObject>(asset: Asset<S>): CheckDefinition {
  return defineCheck({
    asset,
    name: 'not_empty',
    description:
      'At least one row. Error, blocking: an empty table does not make downstream SQL fail, it makes every metric silently zero or NULL.',
    severity: 'error',
    blocking: true,
    evaluate: async ({ table, queryOne }) => {
      const { n } = await queryOne<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM ${table}`)
      return n > 0 ? pass({ rows: n }) : fail('the table has no rows')
    },
  })
}

/**
 * No NULL in the columns the schema declares non-nullable (every column not built `.nullable()`).
 * Error and blocking: joins and counts downstream assume these are set.
 */
export function notNull<S extends z.ZodObject>(asset: Asset<S>): CheckDefinition {
  const required = declaredColumns(asset.schema).filter((c) => !c.nullable)
  return defineCheck({
    asset,
    name: 'required_columns_not_null',
    description: `No NULL in ${required.map((c) => c.name).join(', ')}. Error, blocking: joins and counts downstream assume these are always set (NULL keys drop rows silently).`,
    severity: 'error',
    blocking: true,
    evaluate: async ({ table, queryOne }) => {
      const { n } = await queryOne<{ n: number }>(sql`SELECT count(*)::INTEGER AS n FROM ${table}`)
      const row = await queryOne<Record<string, number>>(
        nullCounts(table, required, n > PER_COLUMN_ROWS ? 'per-column' : 'one-scan'),
      )
      const bad = Object.entries(row).filter(([, n]) => n > 0)
      return bad.length === 0
        ? pass()
        : fail(
            `NULL values in required columns: ${bad.map(([c, n]) => `${c} (${n} rows)`).join(', ')}`,
            Object.fromEntries(bad),
          )
    },
  })
}

/** Above this many rows, NULLs are counted column by column (see `nullCounts`). */
const PER_COLUMN_ROWS = 2_000_000

/**
 * `SELECT <column>: NULL count, …` over `table`. `per-column` counts one column at a time with the
 * test as a filter, so the parquet reader skips every row group whose statistics show no NULL and a
 * clean large table is hardly read; `one-scan` reads every column once, cheaper for a small table,
 * where each extra scan mostly opens every file again.
 */
export function nullCounts(
  table: TableRef,
  columns: readonly { name: string }[],
  how: 'per-column' | 'one-scan',
): SqlFragment {
  const perColumn = how === 'per-column'
  const counts = sql.join(
    columns.map((c) => {
      const column = sql.identifier(c.name)
      return perColumn
        ? sql`(SELECT count(*) FROM ${table} WHERE ${column} IS NULL)::INTEGER AS ${column}`
        : sql`(count(*) - count(${column}))::INTEGER AS ${column}`
    }),
  )
  return perColumn ? sql`SELECT ${counts}` : sql`SELECT ${counts} FROM ${table}`
}

/**
 * No two rows share `columns`. Error and blocking: a duplicated key double-counts in every join
 * and aggregate downstream.
 */
export function uniqueKey<S extends z.ZodObject>(
  asset: Asset<S>,
  columns: readonly (keyof z.infer<S> & string)[],
): CheckDefinition {
  const key = sql.join(columns.map((c) => sql.identifier(c)))
  return defineCheck({
    asset,
    name: `unique_${columns.join('_')}`.replace(/_+/g, '_'),
    description: `(${columns.join(', ')}) is unique. Error, blocking: a duplicated key double-counts in every join and aggregate downstream.`,
    severity: 'error',
    blocking: true,
    evaluate: async ({ table, query }) => {
      // Grouped by the columns themselves; only the duplicated keys are turned into text.
      const dupes = await query<{ key: string; n: number }>(sql`
        SELECT concat_ws(', ', ${key}) AS key, n
        FROM (SELECT ${key}, count(*)::INTEGER AS n FROM ${table} GROUP BY ${key} HAVING count(*) > 1)
        ORDER BY n DESC LIMIT 5`)
      return dupes.length === 0
        ? pass()
        : fail(
            `duplicated (${columns.join(', ')}): ${dupes.map((d) => `${d.key} ×${d.n}`).join('; ')}`,
            {
              examples: dupes.map((d) => d.key),
            },
          )
    },
  })
}

/** The three checks every asset gets: schema, not empty, required columns not null. */
export function tableChecks<S extends z.ZodObject>(asset: Asset<S>): CheckDefinition[] {
  return [schemaMatches(asset), notEmpty(asset), notNull(asset)]
}
