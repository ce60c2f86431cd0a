import type Database from 'better-sqlite3'
import type { AssetKey } from '../definitions/asset-key.js'
import type {
  AutomationTick,
  LeaseHolder,
  NewAutomationTick,
  StoredEvaluation,
} from './automation-records.js'
import { decideLease, isLeaseOwnedBy, leaseValueName } from './lease-policy.js'
import type { LockPolicy } from './lock-policy.js'

type TickRow = [id: number, body: string]
type EvaluationRow = [key: string, tickId: number, body: string]

/** Automation ticks, per-asset evaluations and cursors, and named leases, on one connection. */
export class SqliteAutomation {
  private readonly recordTx: (
    tick: NewAutomationTick,
    evaluations: readonly { key: AssetKey; body: string }[],
  ) => number
  private readonly ticksPage: Database.Statement
  private readonly evaluationsAsOf: Database.Statement
  private readonly evaluationsOfAsOf: Database.Statement
  private readonly historyOf: Database.Statement
  private readonly prune: Database.Statement
  private readonly cursorsAll: Database.Statement
  private readonly cursorsOf: Database.Statement
  private readonly setCursorsTx: (cursors: ReadonlyMap<AssetKey, string>) => void
  private readonly leaseTx: (name: string, owner: string, ttlMs: number) => LeaseHolder | undefined
  private readonly releaseTx: (name: string, owner: string) => void

  constructor(db: Database.Database, policy: LockPolicy) {
    const insertTick = db.prepare(
      'insert into automation_ticks (started_at, status, run_id, body) values (?, ?, ?, ?)',
    )
    const insertEvaluation = db.prepare(
      'insert into automation_evaluations (asset_key, tick_id, body) values (?, ?, ?)',
    )
    const record = db.transaction(
      (tick: NewAutomationTick, evaluations: readonly { key: AssetKey; body: string }[]) => {
        const { lastInsertRowid } = insertTick.run(
          tick.startedAt,
          tick.status,
          tick.runId,
          JSON.stringify(tick),
        )
        const id = Number(lastInsertRowid)
        for (const { key, body } of evaluations) insertEvaluation.run(key, id, body)
        return id
      },
    )
    this.recordTx = (tick, evaluations) => record.immediate(tick, evaluations)
    this.ticksPage = db
      .prepare('select id, body from automation_ticks where id < ? order by id desc limit ?')
      .raw()
    // For each asset, its newest evaluation at or before the tick: the primary key (asset, tick)
    // makes the correlated max() one index seek per asset.
    const asOf = `tick_id = (select max(tick_id) from automation_evaluations i
                   where i.asset_key = e.asset_key and i.tick_id <= @tick)`
    this.evaluationsAsOf = db
      .prepare(
        `select e.asset_key, e.tick_id, e.body from
           (select asset_key, max(tick_id) as tick_id from automation_evaluations
            where tick_id <= @tick group by asset_key) m
         join automation_evaluations e on e.asset_key = m.asset_key and e.tick_id = m.tick_id`,
      )
      .raw()
    this.evaluationsOfAsOf = db
      .prepare(
        `select e.asset_key, e.tick_id, e.body from json_each(@keys) k
         cross join automation_evaluations e on e.asset_key = k.value and ${asOf}`,
      )
      .raw()
    this.historyOf = db
      .prepare(
        `select asset_key, tick_id, body from automation_evaluations where asset_key = ?
         order by tick_id desc limit ?`,
      )
      .raw()
    this.prune = db.prepare(
      'delete from automation_ticks where id <= (select max(id) from automation_ticks) - ?',
    )
    this.cursorsAll = db.prepare('select asset_key, cursor from automation_cursors').raw()
    this.cursorsOf = db
      .prepare(
        `select c.asset_key, c.cursor from json_each(?) k
         cross join automation_cursors c on c.asset_key = k.value`,
      )
      .raw()
    const upsertCursor = db.prepare(
      `insert into automation_cursors (asset_key, cursor) values (?, ?)
       on conflict do update set cursor = excluded.cursor`,
    )
    const setCursors = db.transaction((cursors: ReadonlyMap<AssetKey, string>) => {
      for (const [key, cursor] of cursors) upsertCursor.run(key, cursor)
    })
    this.setCursorsTx = (cursors) => setCursors.immediate(cursors)

    const readLease = db.prepare('select value from kv where name = ?').pluck()
    const writeLease = db.prepare(
      'insert into kv (name, value) values (?, ?) on conflict do update set value = excluded.value',
    )
    const deleteLease = db.prepare('delete from kv where name = ?')
    // IMMEDIATE: read and write under the write lock, so two daemons cannot both see it free.
    const lease = db.transaction((name: string, owner: string, ttlMs: number) => {
      const stored = readLease.get(leaseValueName(name)) as string | undefined
      const decision = decideLease(stored, { name, owner, ttlMs }, policy)
      if ('held' in decision) return decision.held
      writeLease.run(leaseValueName(name), JSON.stringify(decision.next))
      return undefined
    })
    this.leaseTx = (name, owner, ttlMs) => lease.immediate(name, owner, ttlMs)
    const release = db.transaction((name: string, owner: string) => {
      const stored = readLease.get(leaseValueName(name)) as string | undefined
      if (isLeaseOwnedBy(stored, owner)) deleteLease.run(leaseValueName(name))
    })
    this.releaseTx = (name, owner) => release.immediate(name, owner)
  }

  recordTick(
    tick: NewAutomationTick,
    evaluations: readonly { key: AssetKey; body: string }[],
  ): number {
    return this.recordTx(tick, evaluations)
  }

  listTicks(options: { limit?: number; beforeId?: number }): AutomationTick[] {
    const rows = this.ticksPage.all(
      options.beforeId ?? Number.MAX_SAFE_INTEGER,
      options.limit ?? -1,
    ) as TickRow[]
    return rows.map(([id, body]) => ({ ...(JSON.parse(body) as NewAutomationTick), id }))
  }

  evaluations(options: {
    asOfTickId?: number
    keys?: readonly AssetKey[]
  }): Map<AssetKey, StoredEvaluation> {
    if (options.keys?.length === 0) return new Map()
    const tick = options.asOfTickId ?? Number.MAX_SAFE_INTEGER
    const rows = (
      options.keys === undefined
        ? this.evaluationsAsOf.all({ tick })
        : this.evaluationsOfAsOf.all({ tick, keys: JSON.stringify(options.keys) })
    ) as EvaluationRow[]
    return new Map(rows.map((row) => [row[0] as AssetKey, toEvaluation(row)]))
  }

  evaluationHistory(key: AssetKey, limit: number | undefined): StoredEvaluation[] {
    return (this.historyOf.all(key, limit ?? -1) as EvaluationRow[]).map(toEvaluation)
  }

  pruneTicks(keep: number): void {
    this.prune.run(keep)
  }

  cursors(keys: readonly AssetKey[] | undefined): Map<AssetKey, string> {
    if (keys?.length === 0) return new Map()
    const rows = (
      keys === undefined ? this.cursorsAll.all() : this.cursorsOf.all(JSON.stringify(keys))
    ) as [string, string][]
    return new Map(rows.map(([key, cursor]) => [key as AssetKey, cursor]))
  }

  setCursors(cursors: ReadonlyMap<AssetKey, string>): void {
    if (cursors.size > 0) this.setCursorsTx(cursors)
  }

  tryAcquireLease(name: string, owner: string, ttlMs: number): LeaseHolder | undefined {
    return this.leaseTx(name, owner, ttlMs)
  }

  releaseLease(name: string, owner: string): void {
    this.releaseTx(name, owner)
  }
}

function toEvaluation([key, tickId, body]: EvaluationRow): StoredEvaluation {
  return { key: key as AssetKey, tickId, body }
}
