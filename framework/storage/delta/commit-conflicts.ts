import { DeltaError } from '../../errors.js'
import type { Action } from './actions.js'

/** What a transaction read and removed, so that a commit that won the race can be checked against it. */
export interface ReadSet {
  /**
   * Which concurrently added data files the transaction would have read: `none` for blind appends and
   * compaction, `all` for full reads, or a test on a file's partition values (replaceWhere by partition).
   */
  readonly readPredicate:
    | 'none'
    | 'all'
    | ((partitionValues: Readonly<Record<string, string | null>>) => boolean | Promise<boolean>)
  /** add.path of every file the transaction read (scanned or removed). */
  readonly readFiles: ReadonlySet<string>
  /** add.path of every file the transaction removes. */
  readonly removedFiles: ReadonlySet<string>
  /** App ids of `txn` actions the transaction checked or writes. */
  readonly appIds: ReadonlySet<string>
}

/** A read set for a transaction that read nothing (blind append). */
export const BLIND_READS: ReadSet = {
  readPredicate: 'none',
  readFiles: new Set(),
  removedFiles: new Set(),
  appIds: new Set(),
}

/**
 * Throws DELTA_LOG_CONFLICT when commit `version` (which won the race) changes what our transaction
 * read; the checks follow delta-rs' ConflictChecker (PROTOCOL-NOTES §10), in Serializable mode so that an
 * append landing inside an overwrite's read range fails the overwrite.
 */
export async function checkConflicts(
  where: string,
  reads: ReadSet,
  version: number,
  winner: readonly Action[],
): Promise<void> {
  const fail = (what: string): never => {
    throw new DeltaError(
      'DELTA_LOG_CONFLICT',
      `${where}: a concurrent commit (version ${version}) ${what}. Our transaction read an older version; run the write again.`,
      {
        hint: 'Concurrent blind appends never conflict; overwrite, replaceWhere, delete and merge conflict with writes to the data they read.',
      },
    )
  }
  for (const action of winner) {
    if ('protocol' in action) fail('changed the table protocol')
    if ('metaData' in action)
      fail('changed the table metadata (schema, partitioning or properties)')
    if ('txn' in action && reads.appIds.has(action.txn.appId)) {
      fail(`committed a transaction for app id "${action.txn.appId}" too`)
    }
    if (
      'add' in action &&
      action.add.dataChange &&
      (await addMatches(reads, action.add.partitionValues))
    ) {
      fail(`added data file ${action.add.path} in a partition this transaction read`)
    }
    if ('remove' in action) {
      const removed = action.remove.path
      if (reads.removedFiles.has(removed))
        fail(`removed file ${removed}, which this transaction also removes`)
      if (
        action.remove.dataChange &&
        (reads.readFiles.has(removed) || reads.readPredicate === 'all')
      ) {
        fail(`deleted data this transaction read (file ${removed})`)
      }
    }
  }
}

async function addMatches(
  reads: ReadSet,
  partitionValues: Readonly<Record<string, string | null>>,
): Promise<boolean> {
  if (reads.readPredicate === 'none') return false
  if (reads.readPredicate === 'all') return true
  return reads.readPredicate(partitionValues)
}
