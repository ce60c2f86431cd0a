import type { DuckDBConnection } from '@duckdb/node-api'
import type { ColumnInfo } from '../io-manager.js'

/** Columns of `database.main.table` as DuckDB reports them. */
export async function readColumns(
  connection: DuckDBConnection,
  database: string,
  table: string,
): Promise<ColumnInfo[]> {
  const reader = await connection.runAndReadAll(
    `select column_name, data_type, is_nullable from information_schema.columns
     where table_catalog = $database and table_schema = 'main' and table_name = $table
     order by ordinal_position`,
    { database, table },
  )
  return reader.getRowObjects().map((row) => ({
    name: String(row.column_name),
    type: String(row.data_type),
    nullable: row.is_nullable === 'YES',
  }))
}
