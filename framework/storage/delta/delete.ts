import type { AddAction } from './actions.js'
import type { ReadSet } from './commit-conflicts.js'
import { writeDataFiles } from './write-files.js'
import { filesWhere, numRecords } from './write-operations.js'
import { partitionPredicate } from './write-predicate.js'
import { FILE_COLUMN, ROW_COLUMN, writeScan } from './write-scan.js'
import {
  assertWritable,
  commitWrite,
  type DeltaWriteOptions,
  type DeltaWriteResult,
  hasTxns,
  removeOf,
  txnsApplied,
  unchanged,
  type WriteTarget,
} from './write-transaction.js'

/**
 * Deletes the rows where `predicate` holds (SQL over the table's columns; NULL keeps the row), copy-on-write:
 * a partition-only predicate drops whole files from the log; otherwise only files holding a matching
 * row are rewritten without those rows. No matching row: no commit.
 */
export async function deleteWhere(
  target: WriteTarget,
  predicate: string,
  options: DeltaWriteOptions = {},
): Promise<DeltaWriteResult> {
  const { connection, tableDir, snapshot } = target
  if (snapshot === undefined) return unchanged(snapshot)
  const where = `delta delete ${tableDir}`
  assertWritable(where, snapshot)
  if (txnsApplied(where, snapshot, options)) return unchanged(snapshot)
  const byPartition = await partitionPredicate(
    connection,
    predicate,
    snapshot.schema,
    snapshot.partitionColumns,
  )
  let doomed: AddAction[]
  let reads: ReadSet
  let adds: AddAction[] = []
  let filesOnDisk = Promise.resolve()
  let rowsCopied = 0
  let bytesAdded = 0
  if (byPartition !== undefined) {
    doomed = await byPartition.matchingFiles(snapshot.files)
    const paths = new Set(doomed.map((f) => f.path))
    reads = {
      readPredicate: (pv) => byPartition.matches(pv),
      readFiles: paths,
      removedFiles: paths,
      appIds: new Set(),
    }
  } else {
    const scan = await writeScan(connection, snapshot, snapshot.files)
    doomed = await filesWhere(target, scan.sql, predicate, scan.fileOf)
    if (doomed.length > 0) {
      const rewrite = await writeScan(connection, snapshot, doomed)
      const kept = `SELECT * EXCLUDE (${FILE_COLUMN}, ${ROW_COLUMN}) FROM (${rewrite.sql}) AS target WHERE NOT coalesce((${predicate}), false)`
      const written = await writeDataFiles(connection, tableDir, kept, snapshot)
      adds = written.adds
      filesOnDisk = written.onDisk
      rowsCopied = written.numRows
      bytesAdded = written.numBytes
    }
    reads = {
      readPredicate: 'all',
      readFiles: new Set(snapshot.files.map((f) => f.path)),
      removedFiles: new Set(doomed.map((f) => f.path)),
      appIds: new Set(),
    }
  }
  if (doomed.length === 0 && !hasTxns(options)) return unchanged(snapshot)
  const now = Date.now()
  const removes = doomed.map((add) => removeOf(add, now))
  const rowsDeleted = removes.reduce((sum, r) => sum + numRecords(r.stats), 0) - rowsCopied
  const operation = {
    operation: 'DELETE',
    parameters: { predicate: JSON.stringify([predicate]) },
    metrics: {
      numRemovedFiles: removes.length,
      numAddedFiles: adds.length,
      numDeletedRows: rowsDeleted,
      numCopiedRows: rowsCopied,
      numAddedBytes: bytesAdded,
    },
    isBlindAppend: false,
  }
  const version = await commitWrite(target, {
    where,
    removes,
    adds,
    filesOnDisk,
    reads,
    operation,
    options,
  })
  return { version, changed: true, rowsWritten: rowsDeleted, metrics: operation.metrics }
}
