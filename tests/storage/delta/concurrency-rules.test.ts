import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import { deleteWhere } from '../../../framework/storage/delta/delete.js'
import { optimize } from '../../../framework/storage/delta/optimize.js'
import type { Snapshot } from '../../../framework/storage/delta/snapshot-types.js'
import {
  appendQuery,
  replaceWhereQuery,
} from '../../../framework/storage/delta/write-operations.js'
import type { WriteTarget } from '../../../framework/storage/delta/write-transaction.js'
import { commitInfoOf, type WriterHarness, writerHarness } from './writer-helpers.js'

// A transaction that read `stale` commits after other writers moved the table on: the conflict rules
// of PROTOCOL-NOTES §10 decide between rebasing and DELTA_LOG_CONFLICT, deterministically.
describe('optimistic concurrency rules', () => {
  let h: WriterHarness
  let stale: Snapshot
  const at = (snapshot: Snapshot): WriteTarget => ({
    connection: h.connection,
    tableDir: h.table.tableDir,
    snapshot,
  })

  beforeEach(async () => {
    h = await writerHarness()
    await h.table.append(h.connection, sql`SELECT i AS id, i % 2 AS p FROM range(4) t(i)`, {
      partitionBy: ['p'],
    })
    await h.table.append(h.connection, sql`SELECT 10 AS id, 0 AS p`)
    stale = await h.table.snapshot()
  })
  afterEach(() => h.close())

  it('rebases a blind append over a concurrent append, keeping its readVersion', async () => {
    await h.table.append(h.connection, sql`SELECT 20 AS id, 1 AS p`)
    const result = await appendQuery(at(stale), 'SELECT 30 AS id, 1 AS p')
    expect(result.version).toBe(3)
    expect(commitInfoOf(h.log(3))).toMatchObject({ readVersion: 1, isBlindAppend: true })
    expect(await h.rows('id')).toHaveLength(7)
  })

  it('fails a delete when a concurrent append landed in the data it read', async () => {
    await h.table.append(h.connection, sql`SELECT 21 AS id, 1 AS p`)
    await expect(deleteWhere(at(stale), 'id = 1')).rejects.toMatchObject({
      code: 'DELTA_LOG_CONFLICT',
    })
  })

  it('fails a delete whose files a concurrent delete removed', async () => {
    await h.table.delete(h.connection, sql`id = 10`)
    await expect(deleteWhere(at(stale), 'id = 10')).rejects.toMatchObject({
      code: 'DELTA_LOG_CONFLICT',
    })
  })

  it('lets a partition replaceWhere rebase over appends to other partitions only', async () => {
    await h.table.append(h.connection, sql`SELECT 22 AS id, 0 AS p`)
    expect((await replaceWhereQuery(at(stale), 'SELECT 5 AS id, 1 AS p', 'p = 1')).version).toBe(3)
    const again = await h.table.snapshot()
    await h.table.append(h.connection, sql`SELECT 23 AS id, 1 AS p`)
    await expect(
      replaceWhereQuery(at(again), 'SELECT 6 AS id, 1 AS p', 'p = 1'),
    ).rejects.toMatchObject({ code: 'DELTA_LOG_CONFLICT' })
  })

  it('lets compaction rebase over appends', async () => {
    await h.table.append(h.connection, sql`SELECT 24 AS id, 0 AS p`)
    const result = await optimize(at(stale), { minFileSizeBytes: 1 << 30 })
    expect(result).toMatchObject({ changed: true, version: 3 })
    expect(await h.rows('id')).toHaveLength(6)
  })

  it('fails a second writer of the same txn appId, and any writer after a schema change', async () => {
    await h.table.append(h.connection, sql`SELECT 25 AS id, 0 AS p`, {
      txns: [{ appId: 'job', version: 1 }],
    })
    await expect(
      appendQuery(at(stale), 'SELECT 26 AS id, 0 AS p', { txns: [{ appId: 'job', version: 1 }] }),
    ).rejects.toMatchObject({
      code: 'DELTA_LOG_CONFLICT',
    })
    const before = await h.table.snapshot()
    await h.table.append(h.connection, sql`SELECT 27 AS id, 0 AS p, 'x' AS extra`, {
      mergeSchema: true,
    })
    await expect(appendQuery(at(before), 'SELECT 28 AS id, 0 AS p')).rejects.toMatchObject({
      code: 'DELTA_LOG_CONFLICT',
    })
  })
})
