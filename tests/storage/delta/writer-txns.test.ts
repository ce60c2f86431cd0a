import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import type { Action } from '../../../framework/storage/delta/actions.js'
import { writeCheckpoint } from '../../../framework/storage/delta/checkpoint-write.js'
import { appendQuery } from '../../../framework/storage/delta/write-operations.js'
import { type WriterHarness, writerHarness } from './writer-helpers.js'

const ROW = sql`SELECT 1 AS id, 'a' AS name`

const txnsOf = (actions: readonly Action[]) =>
  actions.flatMap((a) => ('txn' in a ? [[a.txn.appId, a.txn.version]] : []))

// One write may stand for several inputs (e.g. one txn per raw file), all in one commit.
describe('DeltaTable writes with several txns', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
  })
  afterEach(() => h.close())

  it('writes one txn action per app id in the same commit as the data', async () => {
    const txns = [
      { appId: 'raw/a', version: 5 },
      { appId: 'raw/b', version: 7 },
    ]
    expect(await h.table.append(h.connection, ROW, { txns })).toMatchObject({
      version: 0,
      changed: true,
    })
    expect(txnsOf(h.log(0))).toEqual([
      ['raw/a', 5],
      ['raw/b', 7],
    ])
    const snapshot = await h.table.snapshot()
    expect([...snapshot.transactions]).toEqual([
      ['raw/a', 5],
      ['raw/b', 7],
    ])
  })

  it('skips a write only when every txn is applied; a partly applied one keeps later versions', async () => {
    await h.table.append(h.connection, ROW, {
      txns: [
        { appId: 'raw/a', version: 5 },
        { appId: 'raw/b', version: 7 },
      ],
    })
    const stale = [
      { appId: 'raw/a', version: 4 },
      { appId: 'raw/b', version: 7 },
    ]
    expect(await h.table.append(h.connection, ROW, { txns: stale })).toMatchObject({
      changed: false,
      version: 0,
    })
    const mixed = [
      { appId: 'raw/a', version: 3 },
      { appId: 'raw/c', version: 1 },
    ]
    expect(await h.table.append(h.connection, ROW, { txns: mixed })).toMatchObject({
      changed: true,
      version: 1,
    })
    // raw/a is already at 5: writing 3 would move it back on replay.
    expect(txnsOf(h.log(1))).toEqual([['raw/c', 1]])
    expect((await h.table.snapshot()).transactions.get('raw/a')).toBe(5)
    expect(await h.rows('id')).toHaveLength(2)
  })

  it('rejects two txns with one app id (USAGE) and commits nothing', async () => {
    const txns = [
      { appId: 'raw/a', version: 1 },
      { appId: 'raw/a', version: 2 },
    ]
    await expect(h.table.append(h.connection, ROW, { txns })).rejects.toMatchObject({
      code: 'USAGE',
    })
    expect(await h.table.version()).toBeUndefined()
  })

  it('conflicts when a concurrent commit wrote a txn for any of its app ids, not for others', async () => {
    await h.table.append(h.connection, ROW)
    const stale = await h.table.snapshot()
    const at = { connection: h.connection, tableDir: h.table.tableDir, snapshot: stale }
    await h.table.append(h.connection, ROW, { txns: [{ appId: 'raw/other', version: 1 }] })
    // A blind append with unrelated txns rebases over the winner.
    expect(
      (
        await appendQuery(at, "SELECT 2 AS id, 'b' AS name", {
          txns: [{ appId: 'raw/x', version: 1 }],
        })
      ).version,
    ).toBe(2)
    await h.table.append(h.connection, ROW, { txns: [{ appId: 'raw/b', version: 1 }] })
    await expect(
      appendQuery(at, "SELECT 3 AS id, 'c' AS name", {
        txns: [
          { appId: 'raw/a', version: 1 },
          { appId: 'raw/b', version: 1 },
        ],
      }),
    ).rejects.toMatchObject({ code: 'DELTA_LOG_CONFLICT' })
    expect((await h.table.snapshot()).transactions.get('raw/a')).toBeUndefined()
  })

  it('replaceWhere with txns replaces the rows and records every txn', async () => {
    await h.table.append(h.connection, sql`SELECT * FROM (VALUES (1, 'f1'), (2, 'f2')) t(id, name)`)
    await h.table.replaceWhere(
      h.connection,
      sql`SELECT * FROM (VALUES (10, 'f1'), (20, 'f2')) t(id, name)`,
      sql`name IN ('f1', 'f2')`,
      {
        txns: [
          { appId: 'f1', version: 2 },
          { appId: 'f2', version: 2 },
        ],
      },
    )
    expect(await h.rows('id')).toEqual([
      { id: 10, name: 'f1' },
      { id: 20, name: 'f2' },
    ])
    expect(txnsOf(h.log(1))).toEqual([
      ['f1', 2],
      ['f2', 2],
    ])
  })
})

// Once-marks (a queue step's numbered writes) get one txn per step and run; only they expire.
describe('DeltaTable once-marks', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
  })
  afterEach(() => {
    vi.useRealTimers()
    h.close()
  })

  it('are recorded in a namespace of their own, and skip the write they mark when it comes again', async () => {
    const once = { appId: 'medallion-run:r1:1', version: 1 }
    await h.table.append(h.connection, ROW, { once, txns: [{ appId: 'raw/a', version: 1 }] })
    expect(txnsOf(h.log(0))).toEqual([
      ['raw/a', 1],
      ['once/medallion-run:r1:1', 1],
    ])
    expect(await h.table.append(h.connection, ROW, { once })).toMatchObject({ changed: false })
    expect(await h.rows('id')).toHaveLength(1)
  })

  it('are left out of a checkpoint a week after they were written, while the caller txns stay', async () => {
    const eightDaysAgo = Date.now() - 8 * 86_400_000
    // Only Date is faked: the write's file and DuckDB calls still run for real.
    vi.useFakeTimers({ toFake: ['Date'], now: eightDaysAgo })
    await h.table.append(h.connection, ROW, {
      once: { appId: 'medallion-run:old:1', version: 1 },
      txns: [{ appId: 'raw/a', version: 1 }],
    })
    vi.useRealTimers()
    await h.table.append(h.connection, ROW, { once: { appId: 'medallion-run:new:1', version: 1 } })
    await writeCheckpoint(h.connection, h.table.tableDir, 1)

    const checkpoint = path.join(
      h.table.tableDir,
      '_delta_log',
      `${'1'.padStart(20, '0')}.checkpoint.parquet`,
    )
    const reader = await h.connection.runAndReadAll(
      `select txn.appId as app, txn.version as v, txn.lastUpdated is not null as dated
       from read_parquet('${checkpoint}') where txn is not null order by app`,
    )
    expect(reader.getRowObjectsJson()).toEqual([
      { app: 'once/medallion-run:new:1', v: '1', dated: true },
      { app: 'raw/a', v: '1', dated: true },
    ])
  })
})
