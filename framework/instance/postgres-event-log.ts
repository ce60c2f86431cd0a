import type pg from 'pg'
import type { EventOf, RunEvent } from '../events/event-types.js'
import { EventDecoder } from './event-codec.js'
import { eventIndexColumns, LATEST_KIND, type LatestType } from './event-index.js'
import type { StoredEvent } from './instance-store.js'
import { inTransaction } from './postgres-client.js'

/**
 * Advisory lock every append (and wipe) takes. Ids come from a sequence, and two concurrent
 * transactions may commit out of id order; a reader tailing `id > afterId` would then skip the
 * one that commits later. One appender at a time commits ids in order, as SQLite's writer lock does.
 */
const APPEND_LOCK = 7_361_004_202

interface EventRow {
  readonly id: number
  readonly body: string
}

/** `body::text`: the decoder parses and validates the text itself, so pg does not parse it first. */
const LATEST = `select e.id, e.body::text as body from latest l join events e on e.id = l.event_id
  where l.kind = $1`
const AFTER_WIPE = 'id > coalesce((select floor_id from asset_wipes where asset_key = $1), 0)'

/** The append-only event log and its `latest` index in PostgreSQL. */
export class PostgresEventLog {
  private readonly decoder = new EventDecoder()

  constructor(private readonly pool: pg.Pool) {}

  /** Appends atomically, with the `latest` rows in the same transaction; returns the ids in order. */
  async append(events: readonly RunEvent[]): Promise<number[]> {
    if (events.length === 0) return []
    const indexed = events.map((event) => ({ event, ...eventIndexColumns(event) }))
    return inTransaction(this.pool, async (client) => {
      await client.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK])
      // One statement for the batch; rows are inserted in `ordinality` order, so under the lock
      // the ids are consecutive in input order, and sorting them gives each event its id.
      const { rows } = await client.query<{ id: number }>(
        `insert into events (run_id, type, asset_key, check_name, at, body)
         select run_id, type, asset_key, check_name, at, body::jsonb
         from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           with ordinality as e(run_id, type, asset_key, check_name, at, body, n)
         order by n
         returning id`,
        [
          indexed.map((e) => e.event.runId),
          indexed.map((e) => e.event.type),
          indexed.map((e) => e.assetKey),
          indexed.map((e) => e.checkName),
          indexed.map((e) => e.event.at),
          indexed.map((e) => JSON.stringify(e.event)),
        ],
      )
      const ids = rows.map((row) => row.id).sort((a, b) => a - b)
      // One row per (asset, kind, check), the batch's last: an upsert may not touch a row twice.
      const latest = new Map<string, [string, string, string, number]>()
      indexed.forEach(({ assetKey, latest: target }, i) => {
        if (target === undefined || assetKey === null) return
        const row: [string, string, string, number] = [
          assetKey,
          target.kind,
          target.checkName,
          ids[i] ?? 0,
        ]
        latest.set(JSON.stringify(row.slice(0, 3)), row)
      })
      if (latest.size > 0) {
        const values = [...latest.values()]
        await client.query(
          `insert into latest (asset_key, kind, check_name, event_id)
           select * from unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
           on conflict (asset_key, kind, check_name) do update set event_id = excluded.event_id
           where excluded.event_id > latest.event_id`,
          [0, 1, 2, 3].map((column) => values.map((row) => row[column])),
        )
      }
      return ids
    })
  }

  async runEvents(runId: string, afterId: number): Promise<StoredEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      'select id, body::text as body from events where run_id = $1 and id > $2 order by id',
      [runId, afterId],
    )
    return rows.map(({ id, body }) => ({ id, event: this.decoder.decode(id, body) }))
  }

  /** The newest event of `type` for each key (every key when omitted), in one query. */
  async latest<T extends LatestType>(
    type: T,
    keys: readonly string[] | undefined,
  ): Promise<EventOf<T>[]> {
    if (keys?.length === 0) return []
    const { rows } =
      keys === undefined
        ? await this.pool.query<EventRow>(LATEST, [LATEST_KIND[type]])
        : await this.pool.query<EventRow>(`${LATEST} and l.asset_key = any($2::text[])`, [
            LATEST_KIND[type],
            keys,
          ])
    return rows.map(({ id, body }) => this.decoder.decodeOf(type, id, body))
  }

  /** Events of one type for a key since its last wipe, newest first (`limit` null: all). */
  async history<T extends LatestType>(
    type: T,
    key: string,
    limit: number | undefined,
  ): Promise<EventOf<T>[]> {
    const { rows } = await this.pool.query<EventRow>(
      `select id, body::text as body from events where asset_key = $1 and type = $2 and ${AFTER_WIPE}
       order by id desc limit $3`,
      [key, type, limit ?? null],
    )
    return rows.map(({ id, body }) => this.decoder.decodeOf(type, id, body))
  }

  /** Evaluations of one check since the asset's last wipe, newest first. */
  async checkHistory(
    key: string,
    check: string,
    limit: number | undefined,
  ): Promise<EventOf<'check_evaluated'>[]> {
    const { rows } = await this.pool.query<EventRow>(
      `select id, body::text as body from events where asset_key = $1 and check_name = $2
         and ${AFTER_WIPE} order by id desc limit $3`,
      [key, check, limit ?? null],
    )
    return rows.map(({ id, body }) => this.decoder.decodeOf('check_evaluated', id, body))
  }

  /** Hides everything logged so far about `key` from latest and history; the events stay in the log. */
  async wipe(key: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Under the append lock, so no append with a lower id commits after the floor is set.
      await client.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK])
      await client.query(
        `insert into asset_wipes (asset_key, floor_id) select $1, coalesce(max(id), 0) from events
         on conflict (asset_key) do update set floor_id = excluded.floor_id`,
        [key],
      )
      await client.query('delete from latest where asset_key = $1', [key])
    })
  }
}
