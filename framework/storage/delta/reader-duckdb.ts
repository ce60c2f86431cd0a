import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'

let shared: Promise<DuckDBInstance> | undefined

/**
 * Runs `fn` on a connection to a private in-memory DuckDB used to parse checkpoints.
 * Log parsing must not depend on (or disturb) the caller's connection and its settings.
 */
export async function withReaderConnection<T>(fn: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  shared ??= DuckDBInstance.create(':memory:', { threads: '2' })
  const connection = await (await shared).connect()
  try {
    return await fn(connection)
  } finally {
    connection.closeSync()
  }
}

/** Rows of `sql` as JSON-safe objects (BIGINT as strings are avoided by `to_json`). */
export async function queryJsonColumn(c: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await c.runAndReadAll(sql)
  return reader.getRows().map((row) => String(row[0]))
}
