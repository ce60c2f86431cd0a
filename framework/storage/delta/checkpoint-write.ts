import { randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import type { DuckDBConnection } from '@duckdb/node-api'
import { DeltaError } from '../../errors.js'
import type { Action } from './actions.js'
import { logDir } from './commit-file.js'
import { isExpiredOnceMark } from './once-marks.js'
import { loadSnapshot } from './snapshot.js'
import type { Snapshot } from './snapshot-types.js'
import { quoteString } from './sql-quote.js'
import { syncDataFiles } from './sync-data-files.js'
import { tombstoneRetentionMs } from './vacuum.js'

/** Spark's default: a checkpoint every 10 commits. */
export const DEFAULT_CHECKPOINT_INTERVAL = 10

const MAP = 'MAP(VARCHAR, VARCHAR)'
const DV =
  'STRUCT(storageType VARCHAR, pathOrInlineDv VARCHAR, "offset" INTEGER, sizeInBytes INTEGER, cardinality BIGINT)'

// The struct shapes of PROTOCOL.md «Checkpoint Schema», one column per action type.
const CHECKPOINT_COLUMNS: Readonly<Record<string, string>> = {
  txn: 'STRUCT(appId VARCHAR, version BIGINT, lastUpdated BIGINT)',
  add: `STRUCT(path VARCHAR, partitionValues ${MAP}, size BIGINT, modificationTime BIGINT, dataChange BOOLEAN, stats VARCHAR, tags ${MAP}, deletionVector ${DV}, baseRowId BIGINT, defaultRowCommitVersion BIGINT)`,
  remove: `STRUCT(path VARCHAR, deletionTimestamp BIGINT, dataChange BOOLEAN, extendedFileMetadata BOOLEAN, partitionValues ${MAP}, size BIGINT, deletionVector ${DV}, baseRowId BIGINT, defaultRowCommitVersion BIGINT)`,
  metaData: `STRUCT(id VARCHAR, name VARCHAR, description VARCHAR, format STRUCT(provider VARCHAR, options ${MAP}), schemaString VARCHAR, partitionColumns VARCHAR[], configuration ${MAP}, createdTime BIGINT)`,
  protocol:
    'STRUCT(minReaderVersion INTEGER, minWriterVersion INTEGER, readerFeatures VARCHAR[], writerFeatures VARCHAR[])',
  domainMetadata: 'STRUCT(domain VARCHAR, configuration VARCHAR, removed BOOLEAN)',
}

/** Writes a checkpoint at `version` when `delta.checkpointInterval` (default 10) divides it. */
export async function writeCheckpointIfDue(
  connection: DuckDBConnection,
  tableDir: string,
  version: number,
  configuration: Readonly<Record<string, string>>,
): Promise<boolean> {
  const interval = Number(configuration['delta.checkpointInterval'] ?? DEFAULT_CHECKPOINT_INTERVAL)
  if (version === 0 || !Number.isInteger(interval) || interval <= 0 || version % interval !== 0)
    return false
  try {
    await writeCheckpoint(connection, tableDir, version)
    return true
  } catch {
    // The commit already succeeded and checkpoints are optional: readers replay JSON, and the next due one retries.
    return false
  }
}

/**
 * Writes the classic single-file checkpoint `<version>.checkpoint.parquet` (reconciled protocol,
 * metaData, txns, domains, live files and unexpired tombstones), then `_last_checkpoint`. Both go
 * through a temp file and a rename: two writers of one version produce the same content, so the
 * later rename replacing the earlier is harmless (PROTOCOL-NOTES §4).
 */
export async function writeCheckpoint(
  connection: DuckDBConnection,
  tableDir: string,
  version: number,
): Promise<void> {
  const snapshot = await loadSnapshot(tableDir, { version })
  const now = Date.now()
  const retention = tombstoneRetentionMs(snapshot.metadata.configuration)
  const actions: Action[] = [
    { protocol: snapshot.protocol },
    { metaData: snapshot.metadata },
    ...checkpointTxns(snapshot, now),
    ...[...snapshot.domainMetadata.values()].map((domainMetadata) => ({ domainMetadata })),
    ...snapshot.files.map((add) => ({ add: { ...add, dataChange: false } })),
    ...snapshot.tombstones
      .filter((r) => (r.deletionTimestamp ?? 0) > now - retention)
      .map((remove) => ({ remove: { ...remove, dataChange: false } })),
  ]
  const dir = logDir(tableDir)
  const tmpDir = path.join(dir, '.tmp')
  await fs.mkdir(tmpDir, { recursive: true })
  const base = path.join(tmpDir, randomUUID())
  try {
    await fs.writeFile(`${base}.ndjson`, `${actions.map((a) => JSON.stringify(a)).join('\n')}\n`)
    const columns = Object.entries(CHECKPOINT_COLUMNS).map(
      ([name, type]) => `${name}: ${quoteString(type)}`,
    )
    await connection.run(
      `COPY (SELECT * FROM read_json(${quoteString(`${base}.ndjson`)}, format = 'newline_delimited', columns = {${columns.join(', ')}}))
       TO ${quoteString(`${base}.parquet`)} (FORMAT parquet)`,
    )
    // On disk before any name points at it: _last_checkpoint may be durable before it otherwise.
    await syncDataFiles([`${base}.parquet`])
    await fs.rename(
      `${base}.parquet`,
      path.join(dir, `${String(version).padStart(20, '0')}.checkpoint.parquet`),
    )
    await fs.writeFile(`${base}.last`, JSON.stringify({ version, size: actions.length }))
    await fs.rename(`${base}.last`, path.join(dir, '_last_checkpoint'))
  } catch (error) {
    if (error instanceof DeltaError) throw error
    throw new DeltaError(
      'IO_WRITE_FAILED',
      `delta checkpoint ${tableDir}@v${version}: could not write the checkpoint (see cause). The table is intact; the next due commit retries.`,
      {
        cause: error,
      },
    )
  } finally {
    await Promise.all(
      ['.ndjson', '.parquet', '.last'].map((ext) => fs.rm(`${base}${ext}`, { force: true })),
    )
  }
}

/** The snapshot's txns with their lastUpdated, less the expired once-marks. */
function checkpointTxns(snapshot: Snapshot, now: number): Action[] {
  const txns: Action[] = []
  for (const [appId, version] of snapshot.transactions) {
    const lastUpdated = snapshot.transactionTimes.get(appId)
    if (isExpiredOnceMark(appId, lastUpdated, now)) continue
    txns.push({ txn: { appId, version, ...(lastUpdated === undefined ? {} : { lastUpdated }) } })
  }
  return txns
}
