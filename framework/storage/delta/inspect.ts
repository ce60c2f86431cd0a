import path from 'node:path'
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { readActionFile } from './log-actions.js'
import { listLog } from './log-listing.js'
import type { PruningFilter } from './pruning.js'
import { relationSql } from './relation-sql.js'
import { type LoadSnapshotOptions, loadSnapshot } from './snapshot.js'
import type { DeltaField, Snapshot } from './snapshot-types.js'
import { commitTimestamps } from './time-travel.js'
import { type EncodedRow, encodeRow } from './value-encoding.js'

export {
  type EncodedRow,
  type EncodedValue,
  encodedRowToJson,
  encodeRow,
} from './value-encoding.js'

/** One commit of `medallion delta history`. */
export interface HistoryEntry {
  readonly version: number
  /** Commit time (file mtime or in-commit timestamp, forced increasing), ms since epoch. */
  readonly timestampMs: number
  readonly operation: string | null
  readonly operationParameters: Readonly<Record<string, unknown>> | null
  readonly operationMetrics: Readonly<Record<string, unknown>> | null
  readonly engineInfo: string | null
  readonly filesAdded: number
  readonly filesRemoved: number
  /** True when the commit changes protocol or metadata (schema, partitioning, properties). */
  readonly metadataChanged: boolean
}

/** Every commit still in `_delta_log`, newest first (`medallion delta history <dir>`). */
export async function deltaHistory(tableDir: string): Promise<HistoryEntry[]> {
  const listing = await listLog(path.resolve(tableDir))
  const times = await commitTimestamps(listing)
  const versions = [...listing.commits.keys()].sort((a, b) => b - a)
  return Promise.all(
    versions.map(async (version) => {
      const actions = await readActionFile(
        path.join(listing.logDir, listing.commits.get(version) as string),
      )
      let info: Record<string, unknown> = {}
      let filesAdded = 0
      let filesRemoved = 0
      let metadataChanged = false
      for (const a of actions) {
        if ('commitInfo' in a) info = a.commitInfo
        else if ('add' in a) filesAdded++
        else if ('remove' in a) filesRemoved++
        else if ('metaData' in a || 'protocol' in a) metadataChanged = true
      }
      return {
        version,
        timestampMs: times.get(version) ?? 0,
        operation: typeof info.operation === 'string' ? info.operation : null,
        operationParameters: objectOrNull(info.operationParameters),
        operationMetrics: objectOrNull(info.operationMetrics),
        engineInfo: typeof info.engineInfo === 'string' ? info.engineInfo : null,
        filesAdded,
        filesRemoved,
        metadataChanged,
      }
    }),
  )
}

function objectOrNull(v: unknown): Readonly<Record<string, unknown>> | null {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : null
}

/** Options of `medallion delta read <dir> [--version N | --timestamp T]`. */
export interface DeltaReadOptions extends LoadSnapshotOptions {
  readonly columns?: readonly string[]
  readonly filter?: PruningFilter
  /** At most this many rows (in no particular order). */
  readonly limit?: number
}

/** A snapshot's rows in the kit's value encoding, plus what was read. */
export interface DeltaReadResult {
  readonly snapshot: Snapshot
  readonly fields: readonly DeltaField[]
  readonly rows: readonly EncodedRow[]
}

/** Loads a snapshot and reads its rows with a private DuckDB (session time zone UTC). */
export async function deltaRead(
  tableDir: string,
  options: DeltaReadOptions = {},
): Promise<DeltaReadResult> {
  const snapshot = await loadSnapshot(tableDir, options)
  const instance = await DuckDBInstance.create(':memory:')
  const connection = await instance.connect()
  try {
    await connection.run(`SET TimeZone = 'UTC'`)
    return { snapshot, ...(await readSnapshotRows(connection, snapshot, options)) }
  } finally {
    connection.closeSync()
    instance.closeSync()
  }
}

/** Reads a snapshot's rows through `relationSql` on the caller's connection and encodes them. */
export async function readSnapshotRows(
  connection: DuckDBConnection,
  snapshot: Snapshot,
  options: Omit<DeltaReadOptions, keyof LoadSnapshotOptions> = {},
): Promise<{ fields: readonly DeltaField[]; rows: EncodedRow[] }> {
  const relation = relationSql(snapshot, {
    ...(options.columns ? { columns: options.columns } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
  })
  const limit =
    options.limit === undefined ? '' : ` limit ${Math.max(0, Math.floor(options.limit))}`
  const reader = await connection.runAndReadAll(`select * from ${relation}${limit}`)
  const fields = options.columns
    ? options.columns.map((c) => snapshot.schema.find((f) => f.name === c) as DeltaField)
    : snapshot.schema
  return { fields, rows: reader.getRowObjects().map((row) => encodeRow(row, fields)) }
}
