import type Database from 'better-sqlite3'
import type { EventOf, RunEvent } from '../events/event-types.js'
import { EventDecoder } from './event-codec.js'
import { eventIndexColumns, LATEST_KIND, type LatestType } from './event-index.js'
import type { StoredEvent } from './instance-store.js'

/** `[id, body]`: statements below run in raw mode, which skips building an object per row. */
type EventRow = [id: number, body: string]

/** The append-only event log and its `latest` index, on one better-sqlite3 connection. */
export class SqliteEventLog {
  private readonly insert: Database.Statement
  private readonly upsertLatest: Database.Statement
  private readonly byRun: Database.Statement
  private readonly latestAll: Database.Statement
  private readonly latestOf: Database.Statement
  private readonly bodiesOf: Database.Statement
  private readonly typeHistory: Database.Statement
  private readonly checkHistoryOf: Database.Statement
  private readonly decoder = new EventDecoder()
  private readonly wipeTx: (key: string) => void
  private readonly appendTx: (events: readonly RunEvent[]) => number[]

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `insert into events (run_id, type, asset_key, check_name, at, body)
       values (@runId, @type, @assetKey, @checkName, @at, @body)`,
    )
    // Appends hold the write lock and ids only grow, so today the guard never fires; it keeps a future
    // backfill of `latest` (a migration replaying old events) from moving an asset back in time.
    this.upsertLatest = db.prepare(
      `insert into latest (asset_key, kind, check_name, event_id) values (?, ?, ?, ?)
       on conflict do update set event_id = excluded.event_id where excluded.event_id > latest.event_id`,
    )
    this.byRun = db
      .prepare('select id, body from events where run_id = ? and id > ? order by id')
      .raw()
    // Ids only: the bodies of most are decoded already (a daemon asks every tick), and reading
    // thousands of bodies again cost more than the rest of the query.
    this.latestAll = db.prepare('select event_id from latest where kind = ?').pluck()
    // One statement for any number of keys: they arrive as one JSON array, so there is no
    // bound-parameter limit and no per-key round trip. CROSS JOIN keeps the key list as the outer loop.
    // A key given twice yields its row twice, which the caller's Map absorbs.
    this.latestOf = db
      .prepare(
        `select l.event_id from json_each(?) k
         cross join latest l on l.asset_key = k.value and l.kind = ?`,
      )
      .pluck()
    this.bodiesOf = db
      .prepare('select id, body from events where id in (select value from json_each(?))')
      .raw()
    const afterWipe = 'id > coalesce((select floor_id from asset_wipes where asset_key = @key), 0)'
    this.typeHistory = db
      .prepare(
        `select id, body from events where asset_key = @key and type = @type and ${afterWipe}
       order by id desc limit @limit`,
      )
      .raw()
    this.checkHistoryOf = db
      .prepare(
        `select id, body from events where asset_key = @key and check_name = @check and ${afterWipe}
       order by id desc limit @limit`,
      )
      .raw()
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
    return rows.map(([id, body]) => ({ id, event: this.decoder.decode(id, body) }))
  }

  /** The newest event of `type` for each key (every key when omitted), in one query. */
  latest<T extends LatestType>(type: T, keys: readonly string[] | undefined): EventOf<T>[] {
    if (keys?.length === 0) return []
    const ids = (
      keys === undefined
        ? this.latestAll.all(LATEST_KIND[type])
        : this.latestOf.all(JSON.stringify(keys), LATEST_KIND[type])
    ) as number[]
    const events = new Map<number, EventOf<T>>()
    const missing: number[] = []
    for (const id of ids) {
      const cached = this.decoder.cachedOf(type, id)
      if (cached === undefined) missing.push(id)
      else events.set(id, cached)
    }
    if (missing.length > 0) {
      for (const [id, body] of this.bodiesOf.all(JSON.stringify(missing)) as EventRow[]) {
        events.set(id, this.decoder.decodeOf(type, id, body))
      }
    }
    return ids.map((id) => events.get(id) as EventOf<T>)
  }

  /** Events of one type for a key since its last wipe, newest first. */
  history<T extends LatestType>(type: T, key: string, limit: number | undefined): EventOf<T>[] {
    const rows = this.typeHistory.all({ key, type, limit: limit ?? -1 }) as EventRow[]
    return rows.map(([id, body]) => this.decoder.decodeOf(type, id, body))
  }

  /** Evaluations of one check since the asset's last wipe, newest first. */
  checkHistory(
    key: string,
    check: string,
    limit: number | undefined,
  ): EventOf<'check_evaluated'>[] {
    const rows = this.checkHistoryOf.all({ key, check, limit: limit ?? -1 }) as EventRow[]
    return rows.map(([id, body]) => this.decoder.decodeOf('check_evaluated', id, body))
  }

  /** Hides everything logged so far about `key` from latest and history; the events stay in the log. */
  wipe(key: string): void {
    this.wipeTx(key)
  }

  private one(event: RunEvent): number {
    const { assetKey, checkName, latest } = eventIndexColumns(event)
    const { lastInsertRowid } = this.insert.run({
      runId: event.runId,
      type: event.type,
      assetKey,
      checkName,
      at: event.at,
      body: JSON.stringify(event),
    })
    const id = Number(lastInsertRowid)
    if (latest !== undefined) this.upsertLatest.run(assetKey, latest.kind, latest.checkName, id)
    return id
  }
}
