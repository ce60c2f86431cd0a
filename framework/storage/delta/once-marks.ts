import type { TxnMark } from './write-transaction.js'

/**
 * Once-marks (`DeltaWriteOptions.once`) are txns of their own namespace, so that they can expire.
 * A caller's txns (bronze's per-file fingerprints) must live as long as the table: forgetting one
 * would ingest its file again. A once-mark only guards a redo of the same write, which comes within
 * minutes (a queue worker's lease), yet one is written per queued step and table, so they would
 * otherwise pile up in every checkpoint and every snapshot forever.
 */
const ONCE_APP_PREFIX = 'once/'

/** How long a once-mark is kept: far beyond any redo of its step (the run has long ended). */
const ONCE_RETENTION_MS = 7 * 86_400_000

/** The txn a once-mark is recorded as. */
export function onceTxn(mark: TxnMark): TxnMark {
  return { appId: `${ONCE_APP_PREFIX}${mark.appId}`, version: mark.version }
}

/**
 * True for a once-mark last updated over ONCE_RETENTION_MS before `now`: a checkpoint leaves it
 * out (as Delta expires txns under `delta.setTransactionRetentionDuration`, but for these only).
 */
export function isExpiredOnceMark(
  appId: string,
  lastUpdated: number | undefined,
  now: number,
): boolean {
  return (
    appId.startsWith(ONCE_APP_PREFIX) &&
    lastUpdated !== undefined &&
    lastUpdated < now - ONCE_RETENTION_MS
  )
}
