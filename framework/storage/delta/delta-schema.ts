import { DeltaError } from '../../errors.js'
import { parseDuckDbType } from './duckdb-type-parse.js'
import type { DeltaField, DeltaType } from './snapshot-types.js'
import { quoteIdent } from './sql-quote.js'

const PRIMITIVE_TO_DUCKDB: Readonly<Record<string, string>> = {
  string: 'VARCHAR',
  long: 'BIGINT',
  integer: 'INTEGER',
  short: 'SMALLINT',
  byte: 'TINYINT',
  float: 'FLOAT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  binary: 'BLOB',
  date: 'DATE',
  // `timestamp` is a UTC instant; `timestamp_ntz` is wall-clock time (PROTOCOL-NOTES §2).
  timestamp: 'TIMESTAMP WITH TIME ZONE',
  timestamp_ntz: 'TIMESTAMP',
  // Spark's NullType: every value is null, so any nullable type will do.
  void: 'INTEGER',
}

const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/

/** Parses `metaData.schemaString` (a Spark StructType as JSON) into top-level fields. */
export function parseSchemaString(schemaString: string): readonly DeltaField[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(schemaString)
  } catch (cause) {
    throw new DeltaError('DELTA_CORRUPT', 'delta schema: metaData.schemaString is not JSON.', {
      cause,
    })
  }
  const root = parsed as { type?: unknown; fields?: unknown }
  if (root.type !== 'struct' || !Array.isArray(root.fields)) {
    throw new DeltaError(
      'DELTA_CORRUPT',
      'delta schema: metaData.schemaString is not a struct type. The table log is damaged.',
    )
  }
  return root.fields.map(normalizeField)
}

function normalizeField(raw: unknown): DeltaField {
  const field = raw as { name?: unknown; type?: unknown; nullable?: unknown; metadata?: unknown }
  if (typeof field.name !== 'string' || field.type === undefined) {
    throw new DeltaError('DELTA_CORRUPT', `delta schema: malformed field ${JSON.stringify(raw)}.`)
  }
  return {
    name: field.name,
    type: normalizeType(field.type),
    nullable: field.nullable !== false,
    metadata: (field.metadata ?? {}) as Record<string, unknown>,
  }
}

function normalizeType(raw: unknown): DeltaType {
  if (typeof raw === 'string') return raw
  const t = raw as Record<string, unknown>
  switch (t.type) {
    case 'struct':
      return { type: 'struct', fields: (t.fields as unknown[]).map(normalizeField) }
    case 'array':
      return {
        type: 'array',
        elementType: normalizeType(t.elementType),
        containsNull: t.containsNull !== false,
      }
    case 'map':
      return {
        type: 'map',
        keyType: normalizeType(t.keyType),
        valueType: normalizeType(t.valueType),
        valueContainsNull: t.valueContainsNull !== false,
      }
    default:
      throw new DeltaError('DELTA_CORRUPT', `delta schema: unknown type ${JSON.stringify(raw)}.`)
  }
}

/** Renames applied to struct fields when building a DuckDB type (column mapping uses physical names). */
export type FieldNamer = (field: DeltaField) => string

/** The DuckDB type of a Delta type, e.g. `decimal(10,2)` → `DECIMAL(10,2)`, `timestamp` → TIMESTAMPTZ. */
export function deltaTypeToDuckDb(type: DeltaType, fieldName: FieldNamer = (f) => f.name): string {
  if (typeof type === 'string') {
    const primitive = PRIMITIVE_TO_DUCKDB[type]
    if (primitive !== undefined) return primitive
    const decimal = DECIMAL.exec(type)
    if (decimal) return `DECIMAL(${decimal[1]},${decimal[2]})`
    throw new DeltaError(
      'DELTA_UNSUPPORTED_FEATURE',
      `delta schema: the Delta type "${type}" is not supported by this reader.`,
    )
  }
  switch (type.type) {
    case 'struct': {
      const inner = type.fields.map(
        (f) => `${quoteIdent(fieldName(f))} ${deltaTypeToDuckDb(f.type, fieldName)}`,
      )
      return `STRUCT(${inner.join(', ')})`
    }
    case 'array':
      return `${deltaTypeToDuckDb(type.elementType, fieldName)}[]`
    case 'map':
      return `MAP(${deltaTypeToDuckDb(type.keyType, fieldName)}, ${deltaTypeToDuckDb(type.valueType, fieldName)})`
  }
}

const DUCKDB_TO_PRIMITIVE: Readonly<Record<string, string>> = {
  VARCHAR: 'string',
  BIGINT: 'long',
  INTEGER: 'integer',
  SMALLINT: 'short',
  TINYINT: 'byte',
  FLOAT: 'float',
  DOUBLE: 'double',
  BOOLEAN: 'boolean',
  BLOB: 'binary',
  DATE: 'date',
  'TIMESTAMP WITH TIME ZONE': 'timestamp',
  TIMESTAMP: 'timestamp_ntz',
  TIMESTAMP_S: 'timestamp_ntz',
  TIMESTAMP_MS: 'timestamp_ntz',
  TIMESTAMP_NS: 'timestamp_ntz',
  // Lossless widenings: Delta has no unsigned types.
  UTINYINT: 'short',
  USMALLINT: 'integer',
  UINTEGER: 'long',
  UBIGINT: 'decimal(20,0)',
  // Stored as text, as PROTOCOL-NOTES §2 suggests.
  UUID: 'string',
  JSON: 'string',
}

/**
 * The Delta type for a DuckDB type name as DuckDB prints it (`DESCRIBE`, `typeof`).
 * Writers cast data to `deltaTypeToDuckDb(duckDbTypeToDelta(t))` before writing parquet.
 */
export function duckDbTypeToDelta(duckType: string): DeltaType {
  return toDelta(parseDuckDbType(duckType), duckType)
}

function toDelta(node: ReturnType<typeof parseDuckDbType>, original: string): DeltaType {
  switch (node.kind) {
    case 'list':
      return { type: 'array', elementType: toDelta(node.element, original), containsNull: true }
    case 'map':
      return {
        type: 'map',
        keyType: toDelta(node.key, original),
        valueType: toDelta(node.value, original),
        valueContainsNull: true,
      }
    case 'struct':
      return {
        type: 'struct',
        fields: node.fields.map((f) => ({
          name: f.name,
          type: toDelta(f.type, original),
          nullable: true,
          metadata: {},
        })),
      }
    case 'decimal':
      return `decimal(${node.precision},${node.scale})`
    case 'enum':
      return 'string'
    case 'name': {
      const primitive = DUCKDB_TO_PRIMITIVE[node.name]
      if (primitive !== undefined) return primitive
      throw new DeltaError(
        'SCHEMA_MISMATCH',
        `delta schema: DuckDB type ${node.name} (in ${original}) has no Delta equivalent. Cast the column to a supported type (e.g. VARCHAR, BIGINT, DECIMAL(38,0), TIMESTAMPTZ) in the asset's SQL.`,
      )
    }
  }
}
