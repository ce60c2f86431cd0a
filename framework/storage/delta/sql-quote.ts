/** A double-quoted SQL identifier (DuckDB rules: `"` doubles). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** A single-quoted SQL string literal (`'` doubles). */
export function quoteString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`
}
