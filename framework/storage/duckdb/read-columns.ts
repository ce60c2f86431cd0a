import { quoteString } from '../delta/sql-quote.js'
import type { ColumnInfo } from '../io-manager.js'

/**
 * A query giving one row per column of `database.main.table`, in order, with `figures` (scalar
 * subqueries) beside each, so one query answers both; `columnsOf` reads the rows. pragma_table_info
 * looks up the one table, where information_schema.columns lists every column of every attached
 * database first. Rows, not one `list({...} order by cid)` value: that aggregate cost 2–3 ms per
 * call, more than the rest of a no-op asset's stats. A table always has a column, so a row.
 */
export function columnRowsSql(qualifiedTable: string, figures: string): string {
  return `select name, type, "notnull", ${figures}
          from pragma_table_info(${quoteString(qualifiedTable)}) order by cid`
}

/** The columns in the rows of `columnRowsSql`. */
export function columnsOf(rows: readonly Record<string, unknown>[]): ColumnInfo[] {
  return rows.map((row) => ({
    name: String(row.name),
    type: String(row.type),
    nullable: row.notnull !== true,
  }))
}
