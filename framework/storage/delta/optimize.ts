import type { AddAction } from './actions.js'
import { writeDataFiles } from './write-files.js'
import { FILE_COLUMN, ROW_COLUMN, writeScan } from './write-scan.js'
import {
  assertWritable,
  commitWrite,
  type DeltaWriteResult,
  removeOf,
  unchanged,
  type WriteTarget,
} from './write-transaction.js'

export interface OptimizeOptions {
  /** Files smaller than this are compacted (default 128 MiB). */
  readonly minFileSizeBytes?: number
}

const DEFAULT_MIN_FILE_SIZE = 128 * 1024 * 1024

/**
 * Compacts the small files of each partition (two or more under `minFileSizeBytes`) into one file per
 * partition, as one commit of removes and adds with dataChange=false: readers see the same rows, and
 * concurrent appends never conflict with it.
 */
export async function optimize(
  target: WriteTarget,
  options: OptimizeOptions = {},
): Promise<DeltaWriteResult> {
  const { connection, tableDir, snapshot } = target
  if (snapshot === undefined) return unchanged(snapshot)
  const where = `delta optimize ${tableDir}`
  assertWritable(where, snapshot)
  const limit = options.minFileSizeBytes ?? DEFAULT_MIN_FILE_SIZE
  const groups = new Map<string, AddAction[]>()
  for (const add of snapshot.files) {
    if (add.size >= limit) continue
    const key = JSON.stringify(snapshot.partitionColumns.map((c) => add.partitionValues[c] ?? null))
    groups.set(key, [...(groups.get(key) ?? []), add])
  }
  const compacted = [...groups.values()].filter((files) => files.length > 1).flat()
  if (compacted.length === 0) return unchanged(snapshot)
  const scan = await writeScan(connection, snapshot, compacted)
  const written = await writeDataFiles(
    connection,
    tableDir,
    `SELECT * EXCLUDE (${FILE_COLUMN}, ${ROW_COLUMN}) FROM (${scan.sql})`,
    {
      ...snapshot,
      dataChange: false,
    },
  )
  const now = Date.now()
  const paths = new Set(compacted.map((f) => f.path))
  const metrics = {
    numRemovedFiles: compacted.length,
    numAddedFiles: written.adds.length,
    numRemovedBytes: compacted.reduce((sum, f) => sum + f.size, 0),
    numAddedBytes: written.numBytes,
  }
  const version = await commitWrite(target, {
    where,
    removes: compacted.map((add) => removeOf(add, now, false)),
    adds: written.adds,
    filesOnDisk: written.onDisk,
    reads: { readPredicate: 'none', readFiles: paths, removedFiles: paths, appIds: new Set() },
    operation: {
      operation: 'OPTIMIZE',
      parameters: { predicate: '[]', zOrderBy: '[]' },
      metrics,
      isBlindAppend: false,
    },
    options: {},
  })
  return { version, changed: true, rowsWritten: written.numRows, metrics }
}
