import { type DuckDBConnection, type Json, JsonDuckDBValueConverter } from '@duckdb/node-api'

/**
 * Runs `sql` and returns its rows as JSON-safe objects, as `runAndReadAll(sql).getRowObjectsJson()`
 * does, but read in place: `run` returns the result materialized, and the reader would fetch each
 * chunk again (and an empty one to end) on a trip through libuv's thread pool. For the small
 * results of the write path (a COPY's file stats, a count) those trips cost more than the query.
 */
export async function runForRows(
  connection: DuckDBConnection,
  sql: string,
): Promise<Record<string, Json>[]> {
  const result = await connection.run(sql)
  const names = result.deduplicatedColumnNames()
  const rows: Record<string, Json>[] = []
  for (let i = 0; i < result.chunkCount; i++) {
    for (const values of result.getChunk(i).convertRows(JsonDuckDBValueConverter)) {
      rows.push(Object.fromEntries(names.map((name, column) => [name, values[column] ?? null])))
    }
  }
  return rows
}
