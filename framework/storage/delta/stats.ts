import type { DeltaField, DeltaType } from './snapshot-types.js'

/** Min/max/null count of one parquet leaf column, as DuckDB's `COPY … RETURN_STATS` reports them (text). */
export interface ColumnStatistics {
  readonly min?: string
  readonly max?: string
  readonly nullCount?: string
  readonly hasNan?: boolean
}

/** Spark's defaults: index the first 32 leaf columns, keep a 32-character prefix of strings. */
export const STATS_DEFAULTS = { numIndexedCols: 32, stringPrefixLength: 32 } as const

// A number is kept as its text so that longs beyond 2^53 and decimals lose no digits in the JSON.
type StatValue = { readonly raw: string } | string
type StatTree = Map<string, StatValue | StatTree>

/**
 * The `add.stats` JSON of one data file: numRecords, then minValues/maxValues/nullCount shaped like the
 * schema. Booleans, binaries, arrays and maps get a null count only (as Spark does); timestamps are cut
 * to milliseconds with an offset, strings to a 32-character prefix (max gets a tie-breaker so it stays an upper bound).
 */
export function statsJson(
  fields: readonly DeltaField[],
  numRecords: number,
  columns: ReadonlyMap<string, ColumnStatistics>,
  numIndexedCols: number = STATS_DEFAULTS.numIndexedCols,
): string {
  const min: StatTree = new Map()
  const max: StatTree = new Map()
  const nulls: StatTree = new Map()
  let budget = numIndexedCols
  const visit = (
    fieldList: readonly DeltaField[],
    prefix: readonly string[],
    mins: StatTree,
    maxs: StatTree,
    nc: StatTree,
  ): void => {
    for (const field of fieldList) {
      if (budget <= 0) return
      const type = field.type
      if (typeof type === 'object' && type.type === 'struct') {
        const [m, x, n] = [new Map(), new Map(), new Map()] as StatTree[] as [
          StatTree,
          StatTree,
          StatTree,
        ]
        visit(type.fields, [...prefix, field.name], m, x, n)
        if (m.size > 0) mins.set(field.name, m)
        if (x.size > 0) maxs.set(field.name, x)
        if (n.size > 0) nc.set(field.name, n)
        continue
      }
      budget--
      const stats = columns.get(columnKey([...prefix, field.name]))
      if (stats === undefined || typeof type === 'object') continue
      if (stats.nullCount !== undefined && /^\d+$/.test(stats.nullCount))
        nc.set(field.name, { raw: stats.nullCount })
      if (stats.hasNan === true || numRecords === 0) continue
      const low = stats.min === undefined ? undefined : statValue(type, stats.min, 'min')
      const high = stats.max === undefined ? undefined : statValue(type, stats.max, 'max')
      if (low !== undefined) mins.set(field.name, low)
      if (high !== undefined) maxs.set(field.name, high)
    }
  }
  visit(fields, [], min, max, nulls)
  return `{"numRecords":${numRecords},"minValues":${render(min)},"maxValues":${render(max)},"nullCount":${render(nulls)}}`
}

/** DuckDB's name for a leaf column in RETURN_STATS: quoted parts joined by dots, e.g. `"st"."a"`. */
export function columnKey(parts: readonly string[]): string {
  return parts.map((part) => `"${part.replaceAll('"', '""')}"`).join('.')
}

function statValue(
  type: Exclude<DeltaType, object>,
  text: string,
  bound: 'min' | 'max',
): StatValue | undefined {
  switch (type) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return /^-?\d+$/.test(text) ? { raw: text } : undefined
    case 'float':
    case 'double':
      return /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(text) ? { raw: text } : undefined
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined
    case 'timestamp':
      return timestampStat(text)
    case 'string':
      return truncateString(text, bound)
    default:
      if (/^decimal\(\d+,\d+\)$/.test(type))
        return /^-?\d+(\.\d+)?$/.test(text) ? { raw: text } : undefined
      // boolean, binary, timestamp_ntz and anything newer: no bounds, which readers treat as unknown.
      return undefined
  }
}

function truncateString(text: string, bound: 'min' | 'max'): string {
  const chars = Array.from(text)
  if (chars.length <= STATS_DEFAULTS.stringPrefixLength) return text
  const prefix = chars.slice(0, STATS_DEFAULTS.stringPrefixLength).join('')
  // A prefix is <= the value, so it is a valid min; a max needs a character above any that can follow.
  return bound === 'min' ? prefix : `${prefix}\uffff`
}

/** `2020-01-01 00:00:09.123456+00` → `2020-01-01T00:00:09.123+00:00` (truncated, never rounded). */
function timestampStat(text: string): string | undefined {
  const match =
    /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2})(?::?(\d{2}))?$/.exec(text)
  if (match === null) return undefined
  const [, day, time, fraction = '', hours = '+00', minutes = '00'] = match
  const millis = fraction.padEnd(3, '0').slice(0, 3)
  const instant = new Date(`${day}T${time}.${millis}${hours}:${minutes}`)
  if (Number.isNaN(instant.getTime())) return undefined
  return instant.toISOString().replace('Z', '+00:00')
}

function render(tree: StatTree): string {
  const parts: string[] = []
  for (const [key, value] of tree) {
    const text =
      value instanceof Map
        ? render(value)
        : typeof value === 'string'
          ? JSON.stringify(value)
          : value.raw
    parts.push(`${JSON.stringify(key)}:${text}`)
  }
  return `{${parts.join(',')}}`
}
