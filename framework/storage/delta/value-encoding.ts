import {
  DuckDBArrayValue,
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  type DuckDBMapValue,
  type DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  type DuckDBValue,
} from '@duckdb/node-api'
import type { DeltaField, DeltaType } from './snapshot-types.js'
import { formatMicros } from './time-format.js'

/** A row in the conformance kit's `valueEncoding`: JSON-ready except longs beyond 2^53 (bigint). */
export type EncodedValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | readonly EncodedValue[]
  | { readonly [name: string]: EncodedValue }

/** One logical row, keyed by column name in schema order. */
export type EncodedRow = Readonly<Record<string, EncodedValue>>

/**
 * Encodes a DuckDB row of a Delta relation: decimals as strings with exactly `s` digits,
 * binary as lowercase hex, timestamps as `…​.ffffffZ` (UTC) or zone-less for timestamp_ntz,
 * maps as `[key, value]` pairs. `medallion delta read --json` prints exactly this.
 */
export function encodeRow(
  row: Readonly<Record<string, DuckDBValue>>,
  fields: readonly DeltaField[],
): EncodedRow {
  const out: Record<string, EncodedValue> = {}
  for (const field of fields) out[field.name] = encodeValue(row[field.name] ?? null, field.type)
  return out
}

/** Encodes one value of Delta type `type`. */
export function encodeValue(value: DuckDBValue, type: DeltaType): EncodedValue {
  if (value === null || value === undefined) return null
  if (typeof type !== 'string') {
    switch (type.type) {
      case 'array': {
        const items =
          value instanceof DuckDBListValue || value instanceof DuckDBArrayValue ? value.items : []
        return items.map((v) => encodeValue(v, type.elementType))
      }
      case 'map':
        return (value as DuckDBMapValue).entries.map((e) => [
          encodeValue(e.key, type.keyType),
          encodeValue(e.value, type.valueType),
        ])
      case 'struct': {
        const entries = (value as DuckDBStructValue).entries
        const out: Record<string, EncodedValue> = {}
        for (const f of type.fields) out[f.name] = encodeValue(entries[f.name] ?? null, f.type)
        return out
      }
    }
  }
  if (value instanceof DuckDBDecimalValue) return value.toString()
  if (value instanceof DuckDBBlobValue) return Buffer.from(value.bytes).toString('hex')
  if (value instanceof DuckDBDateValue) return value.toString()
  if (value instanceof DuckDBTimestampTZValue) return formatMicros(value.micros, true)
  if (value instanceof DuckDBTimestampValue)
    return formatMicros(value.micros, type !== 'timestamp_ntz')
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value
  }
  if (typeof value === 'number' && type === 'float') return shortestFloat32(value)
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value)
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string')
    return value
  return String(value)
}

/** The shortest decimal that rounds to the same float32 (0.1f prints as 0.1, not 0.10000000149). */
function shortestFloat32(x: number): number {
  if (!Number.isFinite(x)) return x
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(x.toPrecision(digits))
    if (Math.fround(candidate) === x) return candidate
  }
  return x
}

/** One JSON line for an encoded row; bigints print as plain integers. */
export function encodedRowToJson(row: EncodedRow): string {
  return toJson(row)
}

function toJson(value: EncodedValue): string {
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`
  const entries = Object.entries(value as Record<string, EncodedValue>)
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(',')}}`
}
