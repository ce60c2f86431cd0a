import { DeltaError } from '../../errors.js'
import type { AddAction, FileStats } from './actions.js'
import { columnMappingMode, physicalName } from './column-mapping.js'
import { isNullPartitionValue } from './partition-values.js'
import {
  compareValues,
  type PruningValue,
  toComparable,
  type ValueKind,
  valueKind,
} from './pruning-values.js'
import type { DeltaField, Snapshot } from './snapshot-types.js'

export type { PruningValue } from './pruning-values.js'

/** One comparison on a top-level column (logical name); `in` takes a list of values. */
export type ColumnPredicate =
  | {
      readonly column: string
      readonly op: '=' | '<' | '<=' | '>' | '>='
      readonly value: PruningValue
    }
  | { readonly column: string; readonly op: 'in'; readonly value: readonly PruningValue[] }

/** A conjunction of column predicates: a row matches when every predicate holds. Null never matches. */
export type PruningFilter = readonly ColumnPredicate[]

// Spark truncates string stats to 32 characters; a max that long may be a truncated prefix.
const STRING_STATS_PREFIX = 32
// Timestamp stats are truncated to milliseconds, so a max can be up to 999 µs below the real one.
const MICROS_MAX_SLACK = 999

const parsedStats = new WeakMap<AddAction, FileStats | null>()

/** A file's parsed `add.stats` (cached), or null when it has none. */
export function statsOf(file: AddAction): FileStats | null {
  let stats = parsedStats.get(file)
  if (stats === undefined) {
    try {
      stats = file.stats ? (JSON.parse(file.stats) as FileStats) : null
    } catch {
      stats = null
    }
    parsedStats.set(file, stats)
  }
  return stats
}

/** The schema field a predicate names, or a USAGE error listing the columns. */
export function filterField(snapshot: Snapshot, column: string): DeltaField {
  const field = snapshot.schema.find((f) => f.name === column)
  if (!field) {
    throw new DeltaError(
      'USAGE',
      `delta read ${snapshot.tableDir}: filter column "${column}" is not in the table. Columns: ${snapshot.schema.map((f) => f.name).join(', ')}.`,
    )
  }
  return field
}

/** The live files that may hold rows matching `filter` (by partition values, then by stats). */
export function pruneFiles(snapshot: Snapshot, filter: PruningFilter): AddAction[] {
  return snapshot.files.filter((file) => fileMayMatch(snapshot, file, filter))
}

/** False only when partition values or min/max/null-count stats prove no row of `file` matches. */
export function fileMayMatch(snapshot: Snapshot, file: AddAction, filter: PruningFilter): boolean {
  const mode = columnMappingMode(snapshot.metadata)
  for (const predicate of filter) {
    const field = filterField(snapshot, predicate.column)
    const kind = valueKind(field.type)
    const name = physicalName(field, mode)
    const values = predicate.op === 'in' ? predicate.value : [predicate.value]
    if (snapshot.partitionColumns.includes(field.name)) {
      const raw = file.partitionValues[name]
      if (isNullPartitionValue(raw)) return false
      if (kind === undefined) continue
      const actual = toComparable(raw, kind)
      if (actual === undefined) continue
      if (!values.some((v) => matchesRange(predicate.op, v, kind, actual, actual))) return false
      continue
    }
    const stats = statsOf(file)
    if (!stats || kind === undefined) continue
    if (stats.numRecords === 0) return false
    if (stats.nullCount?.[name] === stats.numRecords && stats.numRecords > 0) return false
    const min = toComparable(stats.minValues?.[name], kind)
    let max = toComparable(stats.maxValues?.[name], kind)
    if (kind === 'string' && typeof max === 'string' && [...max].length >= STRING_STATS_PREFIX) {
      max = undefined
    }
    if (kind === 'micros' && typeof max === 'number') max += MICROS_MAX_SLACK
    if (!values.some((v) => matchesRange(predicate.op, v, kind, min, max))) return false
  }
  return true
}

/** Whether some x in [min, max] can satisfy `x op value` (an unknown bound is unbounded). */
function matchesRange(
  op: ColumnPredicate['op'],
  value: PruningValue,
  kind: ValueKind,
  min: number | string | undefined,
  max: number | string | undefined,
): boolean {
  const v = toComparable(value, kind)
  if (v === undefined) return true
  const minOk = (pred: (c: number) => boolean) => min === undefined || pred(compareValues(min, v))
  const maxOk = (pred: (c: number) => boolean) => max === undefined || pred(compareValues(max, v))
  switch (op) {
    case '=':
    case 'in':
      return minOk((c) => c <= 0) && maxOk((c) => c >= 0)
    case '<':
      return minOk((c) => c < 0)
    case '<=':
      return minOk((c) => c <= 0)
    case '>':
      return maxOk((c) => c > 0)
    case '>=':
      return maxOk((c) => c >= 0)
  }
}
