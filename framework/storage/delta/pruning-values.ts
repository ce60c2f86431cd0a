import type { DeltaType } from './snapshot-types.js'

/** A filter value: numbers/bigints for numeric columns, ISO strings or Dates for dates and times. */
export type PruningValue = string | number | bigint | boolean | Date

/** How values of a Delta type are compared while pruning; undefined = never pruned on. */
export type ValueKind = 'number' | 'string' | 'boolean' | 'date' | 'micros'

const NUMERIC = new Set(['integer', 'long', 'short', 'byte', 'float', 'double'])

/** The comparison kind of a column type, or undefined when stats cannot be trusted for it. */
export function valueKind(type: DeltaType): ValueKind | undefined {
  if (typeof type !== 'string') return undefined
  if (NUMERIC.has(type) || type.startsWith('decimal(')) return 'number'
  if (type === 'string') return 'string'
  if (type === 'boolean') return 'boolean'
  if (type === 'date') return 'date'
  if (type === 'timestamp' || type === 'timestamp_ntz') return 'micros'
  return undefined
}

/** A comparable JS value, or undefined if `value` cannot be compared safely. */
export function toComparable(value: unknown, kind: ValueKind): number | string | undefined {
  if (value === null || value === undefined) return undefined
  switch (kind) {
    case 'number': {
      const n =
        typeof value === 'bigint'
          ? Number(value)
          : typeof value === 'string'
            ? Number(value)
            : value
      // Beyond 2^53 JSON numbers lose precision, so bounds are no longer exact.
      if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > Number.MAX_SAFE_INTEGER) {
        return undefined
      }
      return n
    }
    case 'string':
      return typeof value === 'string' ? value : undefined
    case 'boolean':
      return typeof value === 'boolean'
        ? Number(value)
        : value === 'true'
          ? 1
          : value === 'false'
            ? 0
            : undefined
    case 'date':
      if (value instanceof Date) return value.toISOString().slice(0, 10)
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)
        ? value.slice(0, 10)
        : undefined
    case 'micros':
      if (value instanceof Date) return value.getTime() * 1000
      return typeof value === 'string' ? timestampMicros(value) : undefined
  }
}

/**
 * Microseconds since the epoch of `2000-01-01T00:00:00.123456-08:00`-style text; zone-less
 * text is read as UTC (partition values and timestamp_ntz stats have no zone).
 */
export function timestampMicros(text: string): number | undefined {
  const m =
    /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i.exec(
      text.trim(),
    )
  if (!m) return undefined
  let zone = m[4] ?? 'Z'
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00'
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`
  const ms = Date.parse(`${m[1]}T${m[2]}${zone.toUpperCase()}`)
  if (Number.isNaN(ms)) return undefined
  const fraction = (m[3] ?? '').padEnd(6, '0').slice(0, 6)
  return ms * 1000 + Number(fraction)
}

/** -1, 0 or 1. Strings compare by UTF-8 bytes, as Delta stats and DuckDB VARCHAR do. */
export function compareValues(a: number | string, b: number | string): number {
  if (typeof a === 'string' && typeof b === 'string') {
    return Math.sign(Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')))
  }
  return a < b ? -1 : a > b ? 1 : 0
}
