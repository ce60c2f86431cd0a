import type pg from 'pg'
import type { AssetKey } from '../definitions/asset-key.js'
import type {
  AutomationTick,
  LeaseHolder,
  NewAutomationTick,
  StoredEvaluation,
} from './automation-records.js'
import { decideLease, isLeaseOwnedBy, leaseValueName } from './lease-policy.js'
import type { LockPolicy } from './lock-policy.js'
import { claimRow, inTransaction } from './postgres-client.js'

interface EvaluationRow {
  readonly asset_key: string
  readonly tick_id: number
  readonly body: string
}

/** Each asset's newest evaluation at or before tick $1, in one pass over the primary key. */
const EVALUATIONS_AS_OF = `select distinct on (asset_key) asset_key, tick_id, body
  from automation_evaluations where tick_id <= $1`

/** Automation ticks, per-asset evaluations and cursors, and named leases in PostgreSQL. */
export class PostgresAutomation {
  constructor(
    private readonly pool: pg.Pool,
    private readonly policy: LockPolicy,
  ) {}

  async recordTick(
    tick: NewAutomationTick,
    evaluations: readonly { key: AssetKey; body: string }[],
  ): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ id: number }>(
        `insert into automation_ticks (started_at, status, run_id, body) values ($1, $2, $3, $4)
         returning id`,
        [tick.startedAt, tick.status, tick.runId, JSON.stringify(tick)],
      )
      const id = rows[0]?.id
      if (id === undefined) throw new Error('insert into automation_ticks returned no id')
      if (evaluations.length > 0) {
        await client.query(
          `insert into automation_evaluations (asset_key, tick_id, body)
           select key, $1, body from unnest($2::text[], $3::text[]) as e(key, body)`,
          [id, evaluations.map((e) => e.key), evaluations.map((e) => e.body)],
        )
      }
      return id
    })
  }

  async listTicks(options: { limit?: number; beforeId?: number }): Promise<AutomationTick[]> {
    // jsonb comes back parsed: the body is the tick as recorded.
    const { rows } = await this.pool.query<{ id: number; body: NewAutomationTick }>(
      'select id, body from automation_ticks where id < $1 order by id desc limit $2',
      [options.beforeId ?? Number.MAX_SAFE_INTEGER, options.limit ?? null],
    )
    return rows.map(({ id, body }) => ({ ...body, id }))
  }

  async evaluations(options: {
    asOfTickId?: number
    keys?: readonly AssetKey[]
  }): Promise<Map<AssetKey, StoredEvaluation>> {
    if (options.keys?.length === 0) return new Map()
    const tick = options.asOfTickId ?? Number.MAX_SAFE_INTEGER
    const order = 'order by asset_key, tick_id desc'
    const { rows } =
      options.keys === undefined
        ? await this.pool.query<EvaluationRow>(`${EVALUATIONS_AS_OF} ${order}`, [tick])
        : await this.pool.query<EvaluationRow>(
            `${EVALUATIONS_AS_OF} and asset_key = any($2::text[]) ${order}`,
            [tick, options.keys],
          )
    return new Map(rows.map((row) => [row.asset_key as AssetKey, toEvaluation(row)]))
  }

  async evaluationHistory(key: AssetKey, limit: number | undefined): Promise<StoredEvaluation[]> {
    const { rows } = await this.pool.query<EvaluationRow>(
      `select asset_key, tick_id, body from automation_evaluations where asset_key = $1
       order by tick_id desc limit $2`,
      [key, limit ?? null],
    )
    return rows.map(toEvaluation)
  }

  async pruneTicks(keep: number): Promise<void> {
    await this.pool.query(
      `delete from automation_ticks
       where id not in (select id from automation_ticks order by id desc limit $1)`,
      [keep],
    )
  }

  async cursors(keys: readonly AssetKey[] | undefined): Promise<Map<AssetKey, string>> {
    if (keys?.length === 0) return new Map()
    const { rows } = await this.pool.query<{ asset_key: string; cursor: string }>(
      keys === undefined
        ? 'select asset_key, cursor from automation_cursors'
        : 'select asset_key, cursor from automation_cursors where asset_key = any($1::text[])',
      keys === undefined ? [] : [keys],
    )
    return new Map(rows.map((row) => [row.asset_key as AssetKey, row.cursor]))
  }

  /** One statement, so atomic without a transaction. */
  async setCursors(cursors: ReadonlyMap<AssetKey, string>): Promise<void> {
    if (cursors.size === 0) return
    await this.pool.query(
      `insert into automation_cursors (asset_key, cursor)
       select * from unnest($1::text[], $2::text[])
       on conflict (asset_key) do update set cursor = excluded.cursor`,
      [[...cursors.keys()], [...cursors.values()]],
    )
  }

  /** See `InstanceStore.tryAcquireLease`; the lease is a kv row read FOR UPDATE. */
  async tryAcquireLease(
    name: string,
    owner: string,
    ttlMs: number,
  ): Promise<LeaseHolder | undefined> {
    const kvName = leaseValueName(name)
    return claimRow(this.pool, `lease "${name}"`, async (client) => {
      const { rows } = await client.query<{ value: string }>(
        'select value from kv where name = $1 for update',
        [kvName],
      )
      const stored = rows[0]?.value
      const decision = decideLease(stored, { name, owner, ttlMs }, this.policy)
      if ('held' in decision) return { done: decision.held }
      const value = JSON.stringify(decision.next)
      if (stored !== undefined) {
        await client.query('update kv set value = $2 where name = $1', [kvName, value])
        return { done: undefined }
      }
      const inserted = await client.query(
        'insert into kv (name, value) values ($1, $2) on conflict do nothing',
        [kvName, value],
      )
      return inserted.rowCount === 1 ? { done: undefined } : 'retry'
    })
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    const kvName = leaseValueName(name)
    await inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ value: string }>(
        'select value from kv where name = $1 for update',
        [kvName],
      )
      if (isLeaseOwnedBy(rows[0]?.value, owner)) {
        await client.query('delete from kv where name = $1', [kvName])
      }
    })
  }
}

function toEvaluation(row: EvaluationRow): StoredEvaluation {
  return { key: row.asset_key as AssetKey, tickId: row.tick_id, body: row.body }
}
