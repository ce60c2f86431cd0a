import type pg from 'pg'
import type { AssetKey } from '../definitions/asset-key.js'
import type { LockHolder } from './instance-store.js'
import { decideLock, type LockPolicy } from './lock-policy.js'
import { type LockRow, toLockHolder, toRecordedLock } from './lock-rows.js'
import { claimRow } from './postgres-client.js'

/** Cross-process (and cross-machine) asset locks in the `asset_locks` table. */
export class PostgresAssetLocks {
  constructor(
    private readonly pool: pg.Pool,
    private readonly policy: LockPolicy,
  ) {}

  /** See `InstanceStore.tryLockAsset`: the holder when refused, undefined when taken or renewed. */
  async tryLock(key: AssetKey, runId: string): Promise<LockHolder | undefined> {
    return claimRow(this.pool, `the lock on "${key}"`, async (client) => {
      const { rows } = await client.query<LockRow>(
        'select * from asset_locks where asset_key = $1 for update',
        [key],
      )
      const row = rows[0]
      const now = this.policy.now()
      const decision = decideLock(row && toRecordedLock(row), runId, this.policy)
      if (decision === 'held' && row !== undefined) return { done: toLockHolder(row) }
      if (decision === 'renew') {
        await client.query('update asset_locks set heartbeat_ms = $1 where asset_key = $2', [
          now,
          key,
        ])
        return { done: undefined }
      }
      const { pid, host } = this.policy
      const values = [key, runId, pid, host, new Date(now).toISOString(), now]
      if (row !== undefined) {
        await client.query(
          `update asset_locks set run_id = $2, pid = $3, host = $4, acquired_at = $5,
             heartbeat_ms = $6 where asset_key = $1`,
          values,
        )
        return { done: undefined }
      }
      const inserted = await client.query(
        `insert into asset_locks (asset_key, run_id, pid, host, acquired_at, heartbeat_ms)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
        values,
      )
      return inserted.rowCount === 1 ? { done: undefined } : 'retry'
    })
  }

  async unlock(key: AssetKey, runId: string): Promise<void> {
    await this.pool.query('delete from asset_locks where asset_key = $1 and run_id = $2', [
      key,
      runId,
    ])
  }

  async heartbeat(runId: string): Promise<void> {
    await this.pool.query('update asset_locks set heartbeat_ms = $1 where run_id = $2', [
      this.policy.now(),
      runId,
    ])
  }

  async list(): Promise<LockHolder[]> {
    const { rows } = await this.pool.query<LockRow>('select * from asset_locks order by asset_key')
    return rows.map(toLockHolder)
  }
}
