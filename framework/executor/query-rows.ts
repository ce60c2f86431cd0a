import type { DuckDBConnection } from '@duckdb/node-api'
import type { SqlFragment } from '../definitions/sql.js'

/** Rows of `query` as plain JS objects (BIGINT as bigint, dates as Date), for ctx.query. */
export async function queryRows<T>(connection: DuckDBConnection, query: SqlFragment): Promise<T[]> {
  const reader = await connection.runAndReadAll(query.text)
  return reader.getRowObjectsJS() as T[]
}
