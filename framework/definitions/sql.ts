/**
 * SQL built with the `sql` tag. Only table references, other fragments, numbers, booleans and
 * values wrapped in `sql.literal` may be interpolated, so user data never reaches SQL unquoted.
 */
export class SqlFragment {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

/** A relation an asset's SQL can embed: a quoted table name, or `read_parquet([...])` for Delta. */
export interface TableRef<Row = unknown> {
  readonly kind: 'table'
  readonly key: string
  /** SQL text of the relation, already quoted by the storage that produced it. */
  readonly from: string
  /** Phantom field that carries the row type for inference; never set at runtime. */
  readonly __row?: Row
}

export type SqlValue = TableRef | SqlFragment | number | bigint | boolean

/**
 * Tagged template for SQL.
 * @example
 * sql`select user_id, count(*) as events from ${inputs.events} where n > ${3} group by all`
 */
export function sql(strings: TemplateStringsArray, ...values: readonly SqlValue[]): SqlFragment {
  let text = strings[0] ?? ''
  values.forEach((value, i) => {
    text += render(value) + (strings[i + 1] ?? '')
  })
  return new SqlFragment(text)
}

function render(value: SqlValue): string {
  if (value instanceof SqlFragment) return value.text
  if (typeof value === 'object') return value.from
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`sql: cannot interpolate ${value}; only finite numbers are SQL literals.`)
  }
  return String(value)
}

/** A string, date or null as a SQL literal, single quotes doubled. */
sql.literal = (value: string | Date | null): SqlFragment => {
  if (value === null) return new SqlFragment('NULL')
  const text = value instanceof Date ? value.toISOString() : value
  return new SqlFragment(`'${text.replaceAll("'", "''")}'`)
}

/** An identifier (column or table name), double quotes doubled as DuckDB requires. */
sql.identifier = (name: string): SqlFragment => new SqlFragment(`"${name.replaceAll('"', '""')}"`)

/** Joins fragments with a separator (default `, `). */
sql.join = (parts: readonly SqlValue[], separator = ', '): SqlFragment =>
  new SqlFragment(parts.map(render).join(separator))

/** Raw SQL text written by the developer (never user input): an escape hatch, named to stand out. */
sql.raw = (text: string): SqlFragment => new SqlFragment(text)
