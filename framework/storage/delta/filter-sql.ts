import { DeltaError } from '../../errors.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import { type ColumnPredicate, filterField, type PruningFilter } from './pruning.js'
import { type PruningValue, toComparable, valueKind } from './pruning-values.js'
import type { DeltaType, Snapshot } from './snapshot-types.js'
import { quoteIdent, quoteString } from './sql-quote.js'
import { formatMicros } from './time-format.js'

/**
 * A SQL boolean for `filter` over the logical column names, or undefined for no filter.
 * Literals are cast to the column's type; timestamps are given as UTC text so the session
 * time zone never changes their meaning.
 */
export function filterSql(snapshot: Snapshot, filter: PruningFilter): string | undefined {
  if (filter.length === 0) return undefined
  return filter.map((p) => predicateSql(snapshot, p)).join(' AND ')
}

function predicateSql(snapshot: Snapshot, predicate: ColumnPredicate): string {
  const field = filterField(snapshot, predicate.column)
  const column = quoteIdent(field.name)
  if (predicate.op === 'in') {
    if (predicate.value.length === 0) return 'FALSE'
    return `${column} IN (${predicate.value.map((v) => literalSql(v, field.type)).join(', ')})`
  }
  return `${column} ${predicate.op} ${literalSql(predicate.value, field.type)}`
}

function literalSql(value: PruningValue, type: DeltaType): string {
  const duckType = deltaTypeToDuckDb(type)
  if (valueKind(type) === 'micros') {
    const micros = toComparable(value, 'micros')
    if (typeof micros !== 'number') throw badValue(value, type)
    return `CAST(${quoteString(formatMicros(BigInt(micros), type === 'timestamp'))} AS ${duckType})`
  }
  if (value instanceof Date) {
    return `CAST(${quoteString(value.toISOString())} AS ${duckType})`
  }
  switch (typeof value) {
    case 'boolean':
      return `CAST(${value ? 'TRUE' : 'FALSE'} AS ${duckType})`
    case 'bigint':
      return `CAST(${value.toString()} AS ${duckType})`
    case 'number':
      if (!Number.isFinite(value)) return `CAST(${quoteString(String(value))} AS ${duckType})`
      return `CAST(${String(value)} AS ${duckType})`
    default:
      return `CAST(${quoteString(value)} AS ${duckType})`
  }
}

function badValue(value: PruningValue, type: DeltaType): DeltaError {
  return new DeltaError(
    'USAGE',
    `delta read: filter value ${String(value)} is not a valid ${JSON.stringify(type)}. Use a Date or ISO-8601 text.`,
  )
}
