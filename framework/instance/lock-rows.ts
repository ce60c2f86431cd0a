import type { AssetKey } from '../definitions/asset-key.js'
import type { LockHolder } from './instance-store.js'

/** An `asset_locks` row, the same in every store. */
export interface LockRow {
  readonly asset_key: string
  readonly run_id: string
  readonly pid: number
  readonly host: string
  readonly acquired_at: string
  readonly heartbeat_ms: number
}

/** The parts of a lock row that `decideLock` looks at. */
export function toRecordedLock(row: LockRow) {
  return { runId: row.run_id, pid: row.pid, host: row.host, heartbeatMs: row.heartbeat_ms }
}

export function toLockHolder(row: LockRow): LockHolder {
  return {
    key: row.asset_key as AssetKey,
    runId: row.run_id,
    pid: row.pid,
    host: row.host,
    acquiredAt: row.acquired_at,
  }
}
