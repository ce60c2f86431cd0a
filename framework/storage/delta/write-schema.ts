import type { DuckDBConnection } from '@duckdb/node-api'
import { DeltaError } from '../../errors.js'
import { deltaTypeToDuckDb, duckDbTypeToDelta } from './delta-schema.js'
import type { DeltaField, DeltaType } from './snapshot-types.js'
import { quoteIdent } from './sql-quote.js'

/** A column of a query, with DuckDB's type name. */
export interface QueryColumn {
  readonly name: string
  readonly duckType: string
}

/** A query shaped like the table: its select text, and the table schema after the write. */
export interface ConformedQuery {
  /** `SELECT <table columns, cast> FROM (<query>)`, columns in schema order. */
  readonly selectSql: string
  readonly schema: readonly DeltaField[]
  /** True when `schema` differs from the table's (new table, mergeSchema, overwriteSchema). */
  readonly schemaChanged: boolean
}

/**
 * The columns of a query, without running it: preparing binds the query and names its result's
 * columns and types, at a third of the cost of `DESCRIBE`, which also runs and reads a result.
 * The parentheses accept and reject the same texts `DESCRIBE (query)` and the writes' subqueries do.
 */
export async function describeQuery(
  connection: DuckDBConnection,
  where: string,
  query: string,
): Promise<QueryColumn[]> {
  try {
    const prepared = await connection.prepare(`(${query})`)
    try {
      return Array.from({ length: prepared.columnCount }, (_, i) => ({
        name: prepared.columnName(i),
        duckType: prepared.columnType(i).toString(),
      }))
    } finally {
      prepared.destroySync()
    }
  } catch (error) {
    throw new DeltaError(
      'IO_WRITE_FAILED',
      `${where}: DuckDB rejected the query (see cause). Fix the SQL.`,
      { cause: error },
    )
  }
}

/**
 * Shapes `query` for a table with schema `table` (undefined for a new table or when the schema is
 * replaced). Columns are matched by name ignoring case, cast to the table's types when the cast widens,
 * and missing nullable ones are NULL. Naive TIMESTAMPs become UTC instants: Delta `timestamp` is
 * TIMESTAMPTZ, and writing naive values there would shift them by the reader's zone.
 */
export function conformQuery(
  where: string,
  query: string,
  columns: readonly QueryColumn[],
  table: readonly DeltaField[] | undefined,
  options: { readonly mergeSchema?: boolean } = {},
): ConformedQuery {
  if (table === undefined) {
    const schema = columns.map((c) => ({
      name: c.name,
      type: storedType(deltaTypeOf(c.duckType)),
      nullable: true,
      metadata: {},
    }))
    return { selectSql: selectList(query, columns, schema), schema, schemaChanged: true }
  }
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]))
  const mismatched: string[] = []
  for (const field of table) {
    const column = byName.get(field.name.toLowerCase())
    if (column === undefined) {
      if (!field.nullable)
        mismatched.push(`${field.name} (NOT NULL in the table, missing from the query)`)
      continue
    }
    const from = deltaTypeOf(column.duckType)
    if (!canWrite(from, field.type))
      mismatched.push(`${field.name} (table: ${typeText(field.type)}, query: ${typeText(from)})`)
  }
  const known = new Set(table.map((f) => f.name.toLowerCase()))
  const extra = columns.filter((c) => !known.has(c.name.toLowerCase()))
  if (extra.length > 0 && options.mergeSchema !== true) {
    mismatched.push(...extra.map((c) => `${c.name} (not in the table)`))
  }
  if (mismatched.length > 0) {
    throw new DeltaError(
      'SCHEMA_MISMATCH',
      `${where}: the query does not match the table schema: ${mismatched.join('; ')}.`,
      {
        hint:
          extra.length > 0 && options.mergeSchema !== true
            ? 'Pass { mergeSchema: true } to add the new columns, or select only the table columns.'
            : 'Cast the columns to the table types in the query, or overwrite the table to replace its schema.',
      },
    )
  }
  const added = extra.map((c) => ({
    name: c.name,
    type: storedType(deltaTypeOf(c.duckType)),
    nullable: true,
    metadata: {},
  }))
  const schema = [...table, ...added]
  return { selectSql: selectList(query, columns, schema), schema, schemaChanged: added.length > 0 }
}

/** The schemaString of a schema. */
export function schemaString(schema: readonly DeltaField[]): string {
  return JSON.stringify({ type: 'struct', fields: schema })
}

/** `NULL` is DuckDB's type for an untyped null (`SELECT NULL AS x`): Spark's NullType, `void`. */
function deltaTypeOf(duckType: string): DeltaType {
  return duckType === 'NULL' || duckType === '"NULL"' ? 'void' : duckDbTypeToDelta(duckType)
}

function selectList(
  query: string,
  columns: readonly QueryColumn[],
  schema: readonly DeltaField[],
): string {
  const byName = new Map(columns.map((c) => [c.name.toLowerCase(), c]))
  const items = schema.map((field) => {
    const column = byName.get(field.name.toLowerCase())
    const target = deltaTypeToDuckDb(field.type)
    if (column === undefined) return `CAST(NULL AS ${target}) AS ${quoteIdent(field.name)}`
    const source = deltaTypeOf(column.duckType)
    const ref = quoteIdent(column.name)
    if (sameType(source, field.type)) return `${ref} AS ${quoteIdent(field.name)}`
    if (source === 'timestamp_ntz' && field.type === 'timestamp') {
      // timezone('UTC', naive) reads the wall-clock value as UTC, whatever the session TimeZone is.
      return `timezone('UTC', CAST(${ref} AS TIMESTAMP)) AS ${quoteIdent(field.name)}`
    }
    return `CAST(${ref} AS ${target}) AS ${quoteIdent(field.name)}`
  })
  return `SELECT ${items.join(', ')} FROM (${query})`
}

/** The type we store for a query type: naive timestamps are stored as instants (protocol 1/2, no timestampNtz). */
function storedType(type: DeltaType): DeltaType {
  if (type === 'timestamp_ntz' || type === 'void') return type === 'void' ? 'string' : 'timestamp'
  if (typeof type === 'string') return type
  switch (type.type) {
    case 'struct':
      return { ...type, fields: type.fields.map((f) => ({ ...f, type: storedType(f.type) })) }
    case 'array':
      return { ...type, elementType: storedType(type.elementType) }
    case 'map':
      return { ...type, keyType: storedType(type.keyType), valueType: storedType(type.valueType) }
  }
}

const INTEGRAL = ['byte', 'short', 'integer', 'long']
const DECIMAL = /^decimal\((\d+),(\d+)\)$/

/** Writes that cannot lose information: the same type, or a widening (byte→long, int→double, decimal(5,2)→decimal(10,2)). */
function canWrite(from: DeltaType, to: DeltaType): boolean {
  if (sameType(from, to) || from === 'void') return true
  if (typeof from !== 'string' || typeof to !== 'string') {
    return typeof from !== 'string' && typeof to !== 'string' && sameType(storedType(from), to)
  }
  if (from === 'timestamp_ntz') return to === 'timestamp'
  const fromInt = INTEGRAL.indexOf(from)
  const toInt = INTEGRAL.indexOf(to)
  if (fromInt >= 0 && toInt >= 0) return fromInt <= toInt
  if (fromInt >= 0 && (to === 'double' || to === 'float')) return fromInt <= 2
  if (from === 'float' && to === 'double') return true
  const fromDec = DECIMAL.exec(from)
  const toDec = DECIMAL.exec(to)
  if (fromInt >= 0 && toDec)
    return Number(toDec[1]) - Number(toDec[2]) >= ([3, 5, 10, 19][fromInt] ?? 38)
  if (fromDec && toDec) {
    const [fp, fs, tp, ts] = [fromDec[1], fromDec[2], toDec[1], toDec[2]].map(Number) as [
      number,
      number,
      number,
      number,
    ]
    return ts >= fs && tp - ts >= fp - fs
  }
  return false
}

function sameType(a: DeltaType, b: DeltaType): boolean {
  return typeText(a) === typeText(b)
}

function typeText(type: DeltaType): string {
  if (typeof type === 'string') return type
  // Nullability and metadata do not change what a value may be written as.
  return JSON.stringify(type, (key, value) =>
    key === 'nullable' ||
    key === 'containsNull' ||
    key === 'valueContainsNull' ||
    key === 'metadata'
      ? undefined
      : value,
  )
}
