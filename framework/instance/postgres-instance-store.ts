import type pg from 'pg'
import type { AssetKey } from '../definitions/asset-key.js'
import type {
  CheckEvaluationEvent,
  MaterializationEvent,
  RunEvent,
  RunStatus,
  SourceObservationEvent,
} from '../events/event-types.js'
import { AutomationMethods } from './automation-methods.js'
import { byAssetKey } from './event-index.js'
import type { InstanceStore, LockHolder, RunRecord, StoredEvent } from './instance-store.js'
import { type LockOptions, resolveLockPolicy } from './lock-policy.js'
import { PostgresAssetLocks } from './postgres-asset-locks.js'
import { PostgresAutomation } from './postgres-automation.js'
import { checkConnection, createPool, inTransaction } from './postgres-client.js'
import { PostgresEventLog } from './postgres-event-log.js'
import { migratePostgres } from './postgres-schema.js'
import { type RunRow, runExistsError, runTimesAfter, toRunRecord } from './run-rows.js'

export interface PostgresStoreOptions extends LockOptions {
  /** Connections this process keeps open at most (default 5). */
  readonly poolSize?: number
}

/**
 * Opens the instance store in the PostgreSQL database at `url` (postgres://user:pw@host/db),
 * creating or migrating its tables. Processes on several machines may share one database.
 */
export async function openPostgresInstanceStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<InstanceStore> {
  const pool = createPool(url, options.poolSize ?? 5)
  try {
    await checkConnection(pool, url)
    await migratePostgres(pool, url)
  } catch (error) {
    await pool.end()
    throw error
  }
  return new PostgresInstanceStore(pool, options)
}

const RUN_COLUMNS = `run_id, status, selection, keys::text as keys, launched_by, created_at,
  started_at, finished_at`

class PostgresInstanceStore extends AutomationMethods implements InstanceStore {
  private readonly events: PostgresEventLog
  private readonly locks: PostgresAssetLocks
  protected readonly automation: PostgresAutomation
  private closed = false

  constructor(
    private readonly pool: pg.Pool,
    options: LockOptions,
  ) {
    super()
    const policy = resolveLockPolicy(options)
    this.events = new PostgresEventLog(pool)
    this.locks = new PostgresAssetLocks(pool, policy)
    this.automation = new PostgresAutomation(pool, policy)
  }

  async createRun(run: RunRecord): Promise<void> {
    const { rowCount } = await this.pool.query(
      `insert into runs (run_id, status, selection, keys, launched_by, created_at, started_at, finished_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing`,
      [
        run.runId,
        run.status,
        run.selection,
        JSON.stringify(run.keys),
        run.launchedBy,
        run.createdAt,
        run.startedAt,
        run.finishedAt,
      ],
    )
    if (rowCount === 0) throw runExistsError(run.runId)
  }

  async updateRunStatus(runId: string, status: RunStatus, at: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<RunRow>(
        `select ${RUN_COLUMNS} from runs where run_id = $1 for update`,
        [runId],
      )
      const { startedAt, finishedAt } = runTimesAfter(runId, rows[0], status, at)
      await client.query(
        'update runs set status = $2, started_at = $3, finished_at = $4 where run_id = $1',
        [runId, status, startedAt, finishedAt],
      )
    })
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const { rows } = await this.pool.query<RunRow>(
      `select ${RUN_COLUMNS} from runs where run_id = $1`,
      [runId],
    )
    return rows[0] && toRunRecord(rows[0])
  }

  async listRuns(options: { limit?: number; status?: RunStatus } = {}): Promise<RunRecord[]> {
    const { rows } = await this.pool.query<RunRow>(
      `select ${RUN_COLUMNS} from runs where ($1::text is null or status = $1)
       order by created_at desc, seq desc limit $2`,
      [options.status ?? null, options.limit ?? null],
    )
    return rows.map(toRunRecord)
  }

  async appendEvents(events: readonly RunEvent[]): Promise<number[]> {
    return this.events.append(events)
  }

  async runEvents(runId: string, afterId = 0): Promise<StoredEvent[]> {
    return this.events.runEvents(runId, afterId)
  }

  async latestMaterializations(
    keys?: readonly AssetKey[],
  ): Promise<Map<AssetKey, MaterializationEvent>> {
    return byAssetKey(await this.events.latest('asset_materialized', keys))
  }

  async latestObservations(
    keys?: readonly AssetKey[],
  ): Promise<Map<AssetKey, SourceObservationEvent>> {
    return byAssetKey(await this.events.latest('source_observed', keys))
  }

  async latestCheckEvaluations(
    keys?: readonly AssetKey[],
  ): Promise<Map<string, CheckEvaluationEvent>> {
    const events = await this.events.latest('check_evaluated', keys)
    return new Map(events.map((event) => [`${event.key}:${event.check}`, event]))
  }

  async materializationHistory(key: AssetKey, limit?: number): Promise<MaterializationEvent[]> {
    return this.events.history('asset_materialized', key, limit)
  }

  async checkHistory(
    key: AssetKey,
    check: string,
    limit?: number,
  ): Promise<CheckEvaluationEvent[]> {
    return this.events.checkHistory(key, check, limit)
  }

  async wipeAsset(key: AssetKey): Promise<void> {
    await this.events.wipe(key)
  }

  async tryLockAsset(key: AssetKey, runId: string): Promise<LockHolder | undefined> {
    return this.locks.tryLock(key, runId)
  }

  async unlockAsset(key: AssetKey, runId: string): Promise<void> {
    await this.locks.unlock(key, runId)
  }

  async heartbeat(runId: string): Promise<void> {
    await this.locks.heartbeat(runId)
  }

  async listLocks(): Promise<LockHolder[]> {
    return this.locks.list()
  }

  async getValue(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>(
      'select value from kv where name = $1',
      [name],
    )
    return rows[0]?.value
  }

  async setValue(name: string, value: string): Promise<void> {
    await this.pool.query(
      `insert into kv (name, value) values ($1, $2)
       on conflict (name) do update set value = excluded.value`,
      [name, value],
    )
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.pool.end()
  }
}
