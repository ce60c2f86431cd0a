import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { DeltaError } from '../../errors.js'
import { runForRows } from '../result-rows.js'
import type { AddAction } from './actions.js'
import type { DeltaField } from './snapshot-types.js'
import { quoteIdent, quoteString } from './sql-quote.js'
import { type ColumnStatistics, STATS_DEFAULTS, statsJson } from './stats.js'
import { syncDataFiles } from './sync-data-files.js'

/** Data files written by one `COPY`, ready to be committed. */
export interface WrittenFiles {
  readonly adds: AddAction[]
  readonly numRows: number
  readonly numBytes: number
  /**
   * Settles once the files are fsynced. The commit that points at them waits for it before it
   * publishes, and fsyncs its own file meanwhile: the two waits on the disk overlap.
   */
  readonly onDisk: Promise<void>
}

export interface WriteFilesOptions {
  /** The table's full schema (partition columns included); stats follow it. */
  readonly schema: readonly DeltaField[]
  readonly partitionColumns: readonly string[]
  /** False for compaction, which moves rows without changing them. */
  readonly dataChange?: boolean
  readonly numIndexedCols?: number
}

type JsonMap = readonly { readonly key: string; readonly value: unknown }[] | null

/**
 * Writes the rows of `selectSql` (already shaped like the table) as new parquet files under `tableDir`
 * and returns their add actions with stats. Partitioned tables get hive folders (`col=value/`,
 * `__HIVE_DEFAULT_PARTITION__` for null) without the partition columns inside the files.
 * DuckDB reports per-file row counts, sizes and min/max/null counts (`RETURN_STATS`), so the data is
 * never read back. Nothing points at the files until the commit, so a crash here leaves only orphans;
 * `onDisk` tells the commit when the files are safe to point at.
 */
export async function writeDataFiles(
  connection: DuckDBConnection,
  tableDir: string,
  selectSql: string,
  options: WriteFilesOptions,
): Promise<WrittenFiles> {
  const partitioned = options.partitionColumns.length > 0
  const target = partitioned
    ? tableDir
    : path.join(tableDir, `part-00000-${randomUUID()}-c000.snappy.parquet`)
  const partitionBy = options.partitionColumns.map(quoteIdent).join(', ')
  const copyOptions = partitioned
    ? `FORMAT parquet, COMPRESSION snappy, PARTITION_BY (${partitionBy}), APPEND, FILENAME_PATTERN 'part-{i}-{uuid}-c000.snappy', RETURN_STATS`
    : 'FORMAT parquet, COMPRESSION snappy, RETURN_STATS'
  let rows: Record<string, unknown>[]
  try {
    rows = await runForRows(
      connection,
      `COPY (${selectSql}) TO ${quoteString(target)} (${copyOptions})`,
    )
  } catch (error) {
    throw new DeltaError(
      'IO_WRITE_FAILED',
      `delta write ${tableDir}: DuckDB could not write the data files (see cause). Check the query.`,
      {
        cause: error,
      },
    )
  }
  const dataFields = options.schema.filter(
    (field) => !options.partitionColumns.includes(field.name),
  )
  const modificationTime = Date.now()
  const adds: AddAction[] = []
  const files: string[] = []
  let numRows = 0
  let numBytes = 0
  for (const row of rows) {
    const file = String(row.filename)
    const count = Number(row.count)
    if (count === 0) {
      // An empty query still yields one empty file when unpartitioned; the table needs no add for it.
      await fs.rm(file, { force: true })
      continue
    }
    const size = Number(row.file_size_bytes)
    files.push(file)
    numRows += count
    numBytes += size
    adds.push({
      path: encodeRelativePath(path.relative(tableDir, file)),
      partitionValues: partitionValues(row.partition_keys as JsonMap, options),
      size,
      modificationTime,
      dataChange: options.dataChange ?? true,
      stats: statsJson(
        dataFields,
        count,
        columnStatistics(row.column_statistics as JsonMap),
        options.numIndexedCols ?? STATS_DEFAULTS.numIndexedCols,
      ),
    })
  }
  const onDisk = syncDataFiles(files)
  // Awaited by the commit; a write that ends without one (nothing changed) must not leave it unhandled.
  onDisk.catch(() => undefined)
  return { adds, numRows, numBytes, onDisk }
}

/** Relative file path → `add.path`: a URI, so `%` in hive-escaped folder names becomes `%25`. */
export function encodeRelativePath(relative: string): string {
  return encodeURI(relative.split(path.sep).join('/')).replaceAll('#', '%23').replaceAll('?', '%3F')
}

function partitionValues(keys: JsonMap, options: WriteFilesOptions): Record<string, string | null> {
  const values: Record<string, string | null> = {}
  for (const { key, value } of keys ?? []) {
    const field = options.schema.find((f) => f.name === key)
    values[key] =
      value === null || value === undefined ? null : partitionText(String(value), field?.type)
  }
  return values
}

/** Delta wants ISO-8601 UTC for timestamp partition values; DuckDB renders `2020-01-01 00:00:00+00`. */
function partitionText(value: string, type: DeltaField['type'] | undefined): string {
  if (type !== 'timestamp') return value
  const match =
    /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d+))?([+-]\d{2})(?::?(\d{2}))?$/.exec(value)
  if (match === null) return value
  const [, day, time, fraction = '', hours = '+00', minutes = '00'] = match
  const instant = new Date(`${day}T${time}${hours}:${minutes}`)
  return `${instant.toISOString().slice(0, 19)}.${fraction.padEnd(6, '0').slice(0, 6)}Z`
}

function columnStatistics(map: JsonMap): Map<string, ColumnStatistics> {
  const result = new Map<string, ColumnStatistics>()
  for (const { key, value } of map ?? []) {
    const entries = new Map(
      ((value as JsonMap) ?? []).map((e) => [
        e.key,
        e.value === null ? undefined : String(e.value),
      ]),
    )
    const stats: { -readonly [K in keyof ColumnStatistics]: ColumnStatistics[K] } = {}
    const min = entries.get('min')
    const max = entries.get('max')
    const nullCount = entries.get('null_count')
    if (min !== undefined) stats.min = min
    if (max !== undefined) stats.max = max
    if (nullCount !== undefined) stats.nullCount = nullCount
    if (entries.get('has_nan') === 'true') stats.hasNan = true
    result.set(key, stats)
  }
  return result
}
