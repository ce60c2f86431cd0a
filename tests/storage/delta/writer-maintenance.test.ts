import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import { clearSnapshotCache } from '../../../framework/storage/delta/snapshot-cache.js'
import { addsOf, removesOf, type WriterHarness, writerHarness } from './writer-helpers.js'

describe('DeltaTable maintenance', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
  })
  afterEach(() => h.close())

  const logFile = (name: string) => path.join(h.table.tableDir, '_delta_log', name)

  it('writes a classic checkpoint and _last_checkpoint every delta.checkpointInterval commits', async () => {
    await h.table.append(h.connection, sql`SELECT 0 AS id`, {
      configuration: { 'delta.checkpointInterval': '3' },
      txns: [{ appId: 'app', version: 1 }],
    })
    for (let i = 1; i <= 3; i++) await h.table.append(h.connection, sql`SELECT ${i} AS id`)
    expect(fs.existsSync(logFile('00000000000000000003.checkpoint.parquet'))).toBe(true)
    expect(JSON.parse(fs.readFileSync(logFile('_last_checkpoint'), 'utf8'))).toEqual({
      version: 3,
      size: 7,
    })
    await h.table.delete(h.connection, sql`id = 0`)
    // Without commits 0-2 (a metadata cleanup), only the checkpoint can give the state.
    for (let v = 0; v < 3; v++) fs.rmSync(logFile(`${String(v).padStart(20, '0')}.json`))
    clearSnapshotCache()
    const snapshot = await h.table.snapshot()
    expect(snapshot.checkpointVersion).toBe(3)
    expect(snapshot.transactions.get('app')).toBe(1)
    expect((await h.rows('id')).map((r) => r.id)).toEqual([1, 2, 3])
    const reader = await h.connection.runAndReadAll(
      `SELECT count(add) AS adds, count(metaData) AS meta, count(protocol) AS proto, count(txn) AS txns FROM read_parquet('${logFile('00000000000000000003.checkpoint.parquet')}')`,
    )
    expect(reader.getRowObjectsJson()).toEqual([{ adds: '4', meta: '1', proto: '1', txns: '1' }])
  })

  it('optimize compacts small files per partition with dataChange=false and keeps the rows', async () => {
    for (let i = 0; i < 4; i++)
      await h.table.append(h.connection, sql`SELECT ${i} AS id, ${i % 2} AS p`, {
        partitionBy: ['p'],
      })
    const before = await h.rows('id')
    const result = await h.table.optimize(h.connection)
    expect(result.changed).toBe(true)
    const commit = h.log(4)
    expect(removesOf(commit)).toHaveLength(4)
    expect(removesOf(commit).every((r) => !r.dataChange)).toBe(true)
    expect(
      addsOf(commit)
        .map((a) => [a.partitionValues.p, a.dataChange])
        .sort(),
    ).toEqual([
      ['0', false],
      ['1', false],
    ])
    expect(await h.rows('id')).toEqual(before)
    expect((await h.table.optimize(h.connection)).changed).toBe(false)
  })

  it('vacuum deletes unreferenced files older than the retention, never live ones; dryRun deletes nothing', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id`)
    await h.table.overwrite(h.connection, sql`SELECT 2 AS id`)
    const orphan = path.join(h.table.tableDir, 'part-00000-orphan.parquet')
    fs.writeFileSync(orphan, 'half-written')
    const old = new Date(Date.now() - 8 * 24 * 3600 * 1000)
    fs.utimesSync(orphan, old, old)
    const removed = path.join(
      h.table.tableDir,
      decodeURIComponent(removesOf(h.log(1))[0]?.path ?? ''),
    )
    fs.utimesSync(removed, old, old)

    // The removed file was tombstoned just now: time travel within the retention still needs it.
    expect((await h.table.vacuum({ dryRun: true })).files).toEqual([orphan])
    expect(fs.existsSync(orphan)).toBe(true)
    expect([...(await h.table.vacuum({ retentionHours: 0 })).files].sort()).toEqual(
      [orphan, removed].sort(),
    )
    expect(fs.existsSync(orphan) || fs.existsSync(removed)).toBe(false)
    expect(await h.rows()).toEqual([{ id: 2 }])
    expect(
      fs.existsSync(path.join(h.table.tableDir, '_delta_log', '00000000000000000000.json')),
    ).toBe(true)
  })

  it('refuses tables whose protocol it cannot write', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id`)
    fs.writeFileSync(
      logFile('00000000000000000001.json'),
      `${JSON.stringify({ protocol: { minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ['deletionVectors'], writerFeatures: ['deletionVectors'] } })}\n`,
    )
    await expect(h.table.append(h.connection, sql`SELECT 2 AS id`)).rejects.toMatchObject({
      code: 'DELTA_UNSUPPORTED_FEATURE',
    })
  })

  it('honours delta.appendOnly', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id`, {
      configuration: { 'delta.appendOnly': 'true' },
    })
    await h.table.append(h.connection, sql`SELECT 2 AS id`)
    await expect(h.table.delete(h.connection, sql`id = 1`)).rejects.toMatchObject({
      code: 'DELTA_PROTOCOL',
    })
  })
})
