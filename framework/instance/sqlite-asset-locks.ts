import type Database from 'better-sqlite3'
import type { AssetKey } from '../definitions/asset-key.js'
import type { LockHolder } from './instance-store.js'
import { decideLock, type LockPolicy } from './lock-policy.js'
import { type LockRow, toLockHolder, toRecordedLock } from './lock-rows.js'

/** Cross-process asset locks in the `asset_locks` table; see `InstanceStore.tryLockAsset`. */
export class SqliteAssetLocks {
  private readonly tryLockTx: (key: AssetKey, runId: string) => LockHolder | undefined
  private readonly unlock: Database.Statement
  private readonly beat: Database.Statement
  private readonly all: Database.Statement

  constructor(
    db: Database.Database,
    private readonly policy: LockPolicy,
  ) {
    const holderOf = db.prepare('select * from asset_locks where asset_key = ?')
    const take = db.prepare(
      `insert into asset_locks (asset_key, run_id, pid, host, acquired_at, heartbeat_ms)
       values (@key, @runId, @pid, @host, @acquiredAt, @now)
       on conflict do update set run_id = excluded.run_id, pid = excluded.pid, host = excluded.host,
         acquired_at = excluded.acquired_at, heartbeat_ms = excluded.heartbeat_ms`,
    )
    const refresh = db.prepare('update asset_locks set heartbeat_ms = ? where asset_key = ?')
    // Read and write in one IMMEDIATE transaction: it takes the write lock before reading, so two
    // processes cannot both see the lock free (or both judge the holder dead) and both take it.
    const tryLock = db.transaction((key: AssetKey, runId: string): LockHolder | undefined => {
      const row = holderOf.get(key) as LockRow | undefined
      const now = policy.now()
      const decision = decideLock(
        row === undefined ? undefined : toRecordedLock(row),
        runId,
        policy,
      )
      if (decision === 'held' && row !== undefined) return toLockHolder(row)
      if (decision === 'renew') refresh.run(now, key)
      else {
        const { pid, host } = policy
        take.run({ key, runId, pid, host, acquiredAt: new Date(now).toISOString(), now })
      }
      return undefined
    })
    this.tryLockTx = (key, runId) => tryLock.immediate(key, runId)
    this.unlock = db.prepare('delete from asset_locks where asset_key = ? and run_id = ?')
    this.beat = db.prepare('update asset_locks set heartbeat_ms = ? where run_id = ?')
    this.all = db.prepare('select * from asset_locks order by asset_key')
  }

  tryLock(key: AssetKey, runId: string): LockHolder | undefined {
    return this.tryLockTx(key, runId)
  }

  unlockAsset(key: AssetKey, runId: string): void {
    this.unlock.run(key, runId)
  }

  heartbeat(runId: string): void {
    this.beat.run(this.policy.now(), runId)
  }

  list(): LockHolder[] {
    return (this.all.all() as LockRow[]).map(toLockHolder)
  }
}
