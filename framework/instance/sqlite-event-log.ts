import type Database from 'better-sqlite3'
import type { RunEvent, RunEventType } from '../events/event-types.js'
import { decodeEvent } from './event-codec.js'
import type { StoredEvent } from './instance-store.js'

/** What the `latest` side table tracks per asset. */
export type LatestKind = 'materialization' | 'observation' | 'check'

const KIND_OF: Partial<Record<RunEventType, LatestKind>> = {
  asset_materialized: 'materialization',
  source_observed: 'observation',
  check_evaluated: 'check',
}

/** A row of the log before decoding, with the check name for `check` rows. */
export interface EventRow {
  readonly id: number
  readonly body: string
  readonly check_name: string | null
}

/** The append-only event log and its `latest` index, on one better-sqlite3 connection. */
export class SqliteEventLog {
  private readonly insert: Database.Statement
  private readonly upsertLatest: Database.Statement
  private readonly byRun: Database.Statement
  private readonly latestAll: Database.Statement
  private readonly latestOf: Database.Statement
  private readonly typeHistory: Database.Statement
  private readonly checkHistoryOf: Database.Statement
  private readonly wipeTx: (key: string) => void
  private readonly appendTx: (events: readonly RunEvent[]) => number[]

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `insert into events (run_id, type, asset_key, check_name, at, body)
       values (@runId, @type, @assetKey, @checkName, @at, @body)`,
    )
    // Ids only grow, but the guard keeps "latest" right even if an append ever raced a rebuild.
    this.upsertLatest = db.prepare(
      `insert into latest (asset_key, kind, check_name, event_id) values (?, ?, ?, ?)
       on conflict do update set event_id = excluded.event_id where excluded.event_id > latest.event_id`,
    )
    this.byRun = db.prepare('select id, body from events where run_id = ? and id > ? order by id')
    this.latestAll = db.prepare(
      `select e.id, e.body, e.check_name from latest l join events e on e.id = l.event_id
       where l.kind = ?`,
    )
    // One statement for any number of keys: they arrive as one JSON array, so there is no
    // bound-parameter limit and no per-key round trip. CROSS JOIN keeps the key list as the outer loop.
    this.latestOf = db.prepare(
      `select e.id, e.body, e.check_name
       from (select distinct value as asset_key from json_each(?)) k
       cross join latest l on l.asset_key = k.asset_key and l.kind = ?
       join events e on e.id = l.event_id`,
    )
    const afterWipe = 'id > coalesce((select floor_id from asset_wipes where asset_key = @key), 0)'
    this.typeHistory = db.prepare(
      `select id, body from events where asset_key = @key and type = @type and ${afterWipe}
       order by id desc limit @limit`,
    )
    this.checkHistoryOf = db.prepare(
      `select id, body from events where asset_key = @key and check_name = @check and ${afterWipe}
       order by id desc limit @limit`,
    )
    const maxId = db.prepare('select coalesce(max(id), 0) from events').pluck()
    const setFloor = db.prepare(
      `insert into asset_wipes (asset_key, floor_id) values (?, ?)
       on conflict do update set floor_id = excluded.floor_id`,
    )
    const forget = db.prepare('delete from latest where asset_key = ?')
    // IMMEDIATE everywhere we write: a deferred transaction that upgrades to a writer while another
    // process writes fails with SQLITE_BUSY at once, without waiting for busy_timeout.
    const wipe = db.transaction((key: string) => {
      setFloor.run(key, maxId.get())
      forget.run(key)
    })
    this.wipeTx = (key) => wipe.immediate(key)
    const append = db.transaction((events: readonly RunEvent[]) => events.map((e) => this.one(e)))
    this.appendTx = (events) => append.immediate(events)
  }

  /** Appends atomically; returns the ids in order. */
  append(events: readonly RunEvent[]): number[] {
    return events.length === 0 ? [] : this.appendTx(events)
  }

  runEvents(runId: string, afterId: number): StoredEvent[] {
    const rows = this.byRun.all(runId, afterId) as EventRow[]
    return rows.map((row) => ({ id: row.id, event: decodeEvent(row.id, row.body) }))
  }

  /** The newest event of `kind` for each key (all keys when omitted), undecoded. */
  latest(kind: LatestKind, keys: readonly string[] | undefined): EventRow[] {
    if (keys === undefined) return this.latestAll.all(kind) as EventRow[]
    if (keys.length === 0) return []
    return this.latestOf.all(JSON.stringify(keys), kind) as EventRow[]
  }

  /** Events of one type for a key since its last wipe, newest first. */
  history(key: string, type: RunEventType, limit: number | undefined): EventRow[] {
    return this.typeHistory.all({ key, type, limit: limit ?? -1 }) as EventRow[]
  }

  checkHistory(key: string, check: string, limit: number | undefined): EventRow[] {
    return this.checkHistoryOf.all({ key, check, limit: limit ?? -1 }) as EventRow[]
  }

  /** Hides everything logged so far about `key` from latest and history; the events stay in the log. */
  wipe(key: string): void {
    this.wipeTx(key)
  }

  private one(event: RunEvent): number {
    const assetKey = 'key' in event ? (event.key ?? null) : null
    const checkName = event.type === 'check_evaluated' ? event.check : null
    const { lastInsertRowid } = this.insert.run({
      runId: event.runId,
      type: event.type,
      assetKey,
      checkName,
      at: event.at,
      body: JSON.stringify(event),
    })
    const id = Number(lastInsertRowid)
    const kind = KIND_OF[event.type]
    if (kind !== undefined && assetKey !== null) {
      this.upsertLatest.run(assetKey, kind, checkName ?? '', id)
    }
    return id
  }
}
