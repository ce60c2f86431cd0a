import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import Database from 'better-sqlite3'
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
import { type RunRow, runExistsError, runTimesAfter, toRunRecord } from './run-rows.js'
import { SqliteAssetLocks } from './sqlite-asset-locks.js'
import { SqliteAutomation } from './sqlite-automation.js'
import { SqliteEventLog } from './sqlite-event-log.js'
import { prepareSqliteDatabase } from './sqlite-schema.js'

/** Where the instance store lives inside a data directory. */
export function sqliteInstanceStorePath(dataDir: string): string {
  return join(dataDir, 'medallion.sqlite')
}

/**
 * Opens (creating it and its folder if needed) the SQLite instance store at `path`.
 * Several processes may open the same file at once: the CLI, the server and the daemon.
 */
export function openSqliteInstanceStore(path: string, options: LockOptions = {}): InstanceStore {
  mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  try {
    prepareSqliteDatabase(db, path)
  } catch (error) {
    db.close()
    throw error
  }
  return new SqliteInstanceStore(db, options)
}

function prepareStatements(db: Database.Database) {
  return {
    insertRun: db.prepare(
      `insert into runs (run_id, status, selection, keys, launched_by, created_at, started_at, finished_at)
       values (@runId, @status, @selection, @keys, @launchedBy, @createdAt, @startedAt, @finishedAt)
       on conflict do nothing`,
    ),
    getRun: db.prepare('select * from runs where run_id = ?'),
    setStatus: db.prepare(
      `update runs set status = @status, started_at = @startedAt, finished_at = @finishedAt
       where run_id = @runId`,
    ),
    // rowid breaks ties between runs created in the same millisecond: the later insert is newer.
    listRuns: db.prepare('select * from runs order by created_at desc, rowid desc limit ?'),
    listRunsOf: db.prepare(
      'select * from runs where status = ? order by created_at desc, rowid desc limit ?',
    ),
    getValue: db.prepare('select value from kv where name = ?').pluck(),
    setValue: db.prepare(
      'insert into kv (name, value) values (?, ?) on conflict do update set value = excluded.value',
    ),
  }
}

class SqliteInstanceStore extends AutomationMethods implements InstanceStore {
  private readonly events: SqliteEventLog
  private readonly locks: SqliteAssetLocks
  protected readonly automation: SqliteAutomation
  private readonly sql: ReturnType<typeof prepareStatements>
  private readonly updateStatusTx: (runId: string, status: RunStatus, at: string) => void

  constructor(
    private readonly db: Database.Database,
    options: LockOptions,
  ) {
    super()
    this.events = new SqliteEventLog(db)
    const policy = resolveLockPolicy(options)
    this.locks = new SqliteAssetLocks(db, policy)
    this.automation = new SqliteAutomation(db, policy)
    this.sql = prepareStatements(db)
    const update = db.transaction((runId: string, status: RunStatus, at: string) => {
      const current = this.sql.getRun.get(runId) as RunRow | undefined
      this.sql.setStatus.run({ runId, status, ...runTimesAfter(runId, current, status, at) })
    })
    this.updateStatusTx = (runId, status, at) => update.immediate(runId, status, at)
  }

  async createRun(run: RunRecord): Promise<void> {
    const { changes } = this.sql.insertRun.run({ ...run, keys: JSON.stringify(run.keys) })
    if (changes === 0) throw runExistsError(run.runId)
  }

  async updateRunStatus(runId: string, status: RunStatus, at: string): Promise<void> {
    this.updateStatusTx(runId, status, at)
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = this.sql.getRun.get(runId) as RunRow | undefined
    return row === undefined ? undefined : toRunRecord(row)
  }

  async listRuns(options: { limit?: number; status?: RunStatus } = {}): Promise<RunRecord[]> {
    const limit = options.limit ?? -1
    const rows = (
      options.status === undefined
        ? this.sql.listRuns.all(limit)
        : this.sql.listRunsOf.all(options.status, limit)
    ) as RunRow[]
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
    return byAssetKey(this.events.latest('asset_materialized', keys))
  }

  async latestObservations(
    keys?: readonly AssetKey[],
  ): Promise<Map<AssetKey, SourceObservationEvent>> {
    return byAssetKey(this.events.latest('source_observed', keys))
  }

  async latestCheckEvaluations(
    keys?: readonly AssetKey[],
  ): Promise<Map<string, CheckEvaluationEvent>> {
    const events = this.events.latest('check_evaluated', keys)
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
    this.events.wipe(key)
  }

  async tryLockAsset(key: AssetKey, runId: string): Promise<LockHolder | undefined> {
    return this.locks.tryLock(key, runId)
  }

  async unlockAsset(key: AssetKey, runId: string): Promise<void> {
    this.locks.unlockAsset(key, runId)
  }

  async heartbeat(runId: string): Promise<void> {
    this.locks.heartbeat(runId)
  }

  async listLocks(): Promise<LockHolder[]> {
    return this.locks.list()
  }

  async getValue(name: string): Promise<string | undefined> {
    return this.sql.getValue.get(name) as string | undefined
  }

  async setValue(name: string, value: string): Promise<void> {
    this.sql.setValue.run(name, value)
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close()
  }
}
