import type { Json } from '@duckdb/node-api'
import { quoteString } from '../delta/sql-quote.js'
import type { ColumnInfo } from '../io-manager.js'

/**
 * A scalar subquery listing the columns of `database.main.table` as DuckDB reports them, to select
 * beside other figures in one query; `columnsOf` reads its value. pragma_table_info looks up the one
 * table, where information_schema.columns lists every column of every attached database first.
 */
export function columnListSql(qualifiedTable: string): string {
  return `(select list({'name': name, 'type': type, 'notnull': "notnull"} order by cid)
           from pragma_table_info(${quoteString(qualifiedTable)}))`
}

/** The columns in a value of `columnListSql`. */
export function columnsOf(value: Json | undefined): ColumnInfo[] {
  const items = Array.isArray(value) ? value : []
  return items.map((item) => {
    const column = item as {
      readonly name: string
      readonly type: string
      readonly notnull: boolean
    }
    return { name: column.name, type: column.type, nullable: column.notnull !== true }
  })
}
