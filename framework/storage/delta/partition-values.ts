import { DeltaError } from '../../errors.js'
import { deltaTypeToDuckDb } from './delta-schema.js'
import type { DeltaType } from './snapshot-types.js'
import { quoteString } from './sql-quote.js'

/**
 * A raw partition value means null when it is JSON null or `""` (PROTOCOL.md «Partition Value
 * Serialization»). The string `"null"` is not null.
 */
export function isNullPartitionValue(raw: string | null | undefined): boolean {
  return raw === null || raw === undefined || raw === ''
}

const ZONED = /(Z|[+-]\d{2}(:?\d{2})?)$/i

/**
 * A timestamp partition value as text DuckDB casts to TIMESTAMPTZ without consulting the
 * session time zone: zone-less values (`2021-09-08 11:11:11`) are UTC, as Kernel and delta-rs read them.
 */
export function utcTimestampText(raw: string): string {
  const text = raw.trim()
  return ZONED.test(text.slice(10)) ? text : `${text}+00:00`
}

/** A typed SQL expression for one partition value, cast from its string form in the log. */
export function partitionValueSql(raw: string | null | undefined, type: DeltaType): string {
  const duckType = deltaTypeToDuckDb(type)
  if (isNullPartitionValue(raw)) return `CAST(NULL AS ${duckType})`
  const value = raw as string
  switch (type) {
    case 'string':
      return quoteString(value)
    case 'binary':
      // Binary partition values are the bytes as a string; encode() gives their UTF-8 bytes.
      return `encode(${quoteString(value)})`
    case 'timestamp':
      return `CAST(${quoteString(utcTimestampText(value))} AS ${duckType})`
    default:
      if (typeof type !== 'string') {
        throw new DeltaError('DELTA_CORRUPT', 'delta read: a partition column has a nested type.')
      }
      return `CAST(${quoteString(value)} AS ${duckType})`
  }
}
