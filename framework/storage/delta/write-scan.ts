import type { DuckDBConnection } from '@duckdb/node-api'
import type { AddAction } from './actions.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import { resolveDataPath } from './paths.js'
import type { DeltaField } from './snapshot-types.js'
import { quoteIdent, quoteString } from './sql-quote.js'

/** Hidden columns of a write scan: which file a row came from, and its position there. */
export const FILE_COLUMN = '__delta_file'
export const ROW_COLUMN = '__delta_row'

/** The table layout a scan needs. */
export interface ScanTable {
  readonly tableDir: string
  readonly schema: readonly DeltaField[]
  readonly partitionColumns: readonly string[]
}

/** A scan over some of a table's files, and the add action behind each file name it reports. */
export interface WriteScan {
  readonly sql: string
  readonly fileOf: ReadonlyMap<string, AddAction>
}

/**
 * SQL over the rows of `files`, with the table's columns in schema order plus `__delta_file` (absolute
 * path) and `__delta_row`. Copy-on-write rewrites need to know which file each row lives in; the reader's
 * relation hides that. Only tables this writer accepts get here (no deletion vectors, no column mapping),
 * so file rows are table rows. Partition values come from the log, one read_parquet per partition.
 */
export async function writeScan(
  connection: DuckDBConnection,
  table: ScanTable,
  files: readonly AddAction[],
): Promise<WriteScan> {
  const fileOf = new Map(files.map((add) => [resolveDataPath(table.tableDir, add.path), add]))
  const columns = [...table.schema.map((f) => quoteIdent(f.name)), FILE_COLUMN, ROW_COLUMN]
  if (files.length === 0) {
    const nulls = table.schema.map(
      (f) => `CAST(NULL AS ${deltaTypeToDuckDb(f.type)}) AS ${quoteIdent(f.name)}`,
    )
    return {
      sql: `SELECT ${[...nulls, `NULL::VARCHAR AS ${FILE_COLUMN}`, `NULL::BIGINT AS ${ROW_COLUMN}`].join(', ')} WHERE false`,
      fileOf,
    }
  }
  const present = await fileColumns(connection, [...fileOf.keys()])
  const groups = new Map<string, string[]>()
  for (const [file, add] of fileOf) {
    const key = JSON.stringify(table.partitionColumns.map((c) => add.partitionValues[c] ?? null))
    groups.set(key, [...(groups.get(key) ?? []), file])
  }
  const parts = [...groups].map(([key, paths]) => {
    const values = JSON.parse(key) as (string | null)[]
    const items = table.schema.map((field) => {
      const type = deltaTypeToDuckDb(field.type)
      const partition = table.partitionColumns.indexOf(field.name)
      if (partition >= 0) {
        const value = values[partition]
        // The protocol reads an empty partition value as null, for every type.
        const literal =
          value === null || value === undefined || value === '' ? 'NULL' : quoteString(value)
        return `CAST(${literal} AS ${type}) AS ${quoteIdent(field.name)}`
      }
      return present.has(field.name)
        ? quoteIdent(field.name)
        : `CAST(NULL AS ${type}) AS ${quoteIdent(field.name)}`
    })
    const list = paths.map(quoteString).join(', ')
    return `SELECT ${items.join(', ')}, filename AS ${FILE_COLUMN}, file_row_number AS ${ROW_COLUMN} FROM read_parquet([${list}], filename = true, file_row_number = true, hive_partitioning = false, union_by_name = true)`
  })
  return { sql: `SELECT ${columns.join(', ')} FROM (${parts.join(' UNION ALL ')})`, fileOf }
}

/** Top-level column names found in any of the files (footers only). */
async function fileColumns(
  connection: DuckDBConnection,
  paths: readonly string[],
): Promise<Set<string>> {
  const list = paths.map(quoteString).join(', ')
  const reader = await connection.runAndReadAll(
    `DESCRIBE SELECT * FROM read_parquet([${list}], hive_partitioning = false, union_by_name = true)`,
  )
  return new Set(reader.getRowObjects().map((row) => String(row.column_name)))
}
