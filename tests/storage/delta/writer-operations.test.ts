import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import {
  addsOf,
  commitInfoOf,
  removesOf,
  type WriterHarness,
  writerHarness,
} from './writer-helpers.js'

const THREE = sql`SELECT * FROM (VALUES (1, 'a', 'x'), (2, 'b', 'y'), (3, 'c', 'x')) t(id, name, grp)`

describe('DeltaTable writes', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
  })
  afterEach(() => h.close())

  it('creates a table at version 0 with protocol 1/2 and reads it back', async () => {
    const result = await h.table.append(h.connection, THREE)
    expect(result).toMatchObject({ version: 0, changed: true, rowsWritten: 3 })
    const v0 = h.log(0)
    expect(v0.find((a) => 'protocol' in a)).toEqual({
      protocol: { minReaderVersion: 1, minWriterVersion: 2 },
    })
    expect(commitInfoOf(v0)).toMatchObject({
      operation: 'CREATE TABLE AS SELECT',
      engineInfo: 'medallion',
    })
    expect(await h.rows('id')).toEqual([
      { id: 1, name: 'a', grp: 'x' },
      { id: 2, name: 'b', grp: 'y' },
      { id: 3, name: 'c', grp: 'x' },
    ])
  })

  it('appends as a blind append and overwrites by removing every live file', async () => {
    await h.table.append(h.connection, THREE)
    await h.table.append(h.connection, sql`SELECT 4 AS id, 'd' AS name, 'z' AS grp`)
    expect(commitInfoOf(h.log(1))).toMatchObject({
      operation: 'WRITE',
      isBlindAppend: true,
      readVersion: 0,
    })
    expect(await h.rows('id')).toHaveLength(4)
    await h.table.overwrite(h.connection, sql`SELECT 9 AS id, 'z' AS name, 'q' AS grp`)
    const removes = removesOf(h.log(2))
    expect(removes).toHaveLength(2)
    expect(removes[0]).toMatchObject({ dataChange: true, extendedFileMetadata: true })
    expect(await h.rows()).toEqual([{ id: 9, name: 'z', grp: 'q' }])
    expect(await h.rows('id', 1)).toHaveLength(4)
  })

  it('deletes copy-on-write: only files holding a matching row are rewritten', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id, 'a' AS name`)
    await h.table.append(h.connection, sql`SELECT * FROM (VALUES (2, 'b'), (3, 'c')) t(id, name)`)
    const result = await h.table.delete(h.connection, sql`id = 3`)
    expect(result).toMatchObject({ version: 2, rowsWritten: 1 })
    const commit = h.log(2)
    expect(removesOf(commit).map((r) => r.path)).toEqual([addsOf(h.log(1))[0]?.path])
    expect(addsOf(commit)).toHaveLength(1)
    expect(commitInfoOf(commit)).toMatchObject({
      operation: 'DELETE',
      operationMetrics: { numDeletedRows: '1', numCopiedRows: '1' },
    })
    expect(await h.rows('id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ])
  })

  it('commits nothing when a delete matches no row', async () => {
    await h.table.append(h.connection, THREE)
    expect(await h.table.delete(h.connection, sql`id = 42`)).toMatchObject({
      changed: false,
      version: 0,
    })
    expect(await h.table.version()).toBe(0)
  })

  it('replaceWhere on data columns keeps the other rows of rewritten files', async () => {
    await h.table.append(h.connection, THREE)
    await h.table.replaceWhere(
      h.connection,
      sql`SELECT 10 AS id, 'new' AS name, 'x' AS grp`,
      sql`grp = 'x'`,
    )
    expect(await h.rows('id')).toEqual([
      { id: 2, name: 'b', grp: 'y' },
      { id: 10, name: 'new', grp: 'x' },
    ])
  })

  it('replaceWhere rejects rows outside its predicate', async () => {
    await h.table.append(h.connection, THREE)
    await expect(
      h.table.replaceWhere(
        h.connection,
        sql`SELECT 10 AS id, 'new' AS name, 'y' AS grp`,
        sql`grp = 'x'`,
      ),
    ).rejects.toMatchObject({ code: 'IO_WRITE_FAILED' })
    expect(await h.table.version()).toBe(0)
  })

  it('skips a write whose txn (appId, version) is already committed', async () => {
    const txn = { appId: 'loader', version: 3 }
    expect(await h.table.append(h.connection, THREE, { txns: [txn] })).toMatchObject({
      changed: true,
      version: 0,
    })
    expect(h.log(0).find((a) => 'txn' in a)).toMatchObject({ txn: { appId: 'loader', version: 3 } })
    expect(await h.table.append(h.connection, THREE, { txns: [txn] })).toMatchObject({
      changed: false,
      version: 0,
    })
    expect(
      await h.table.append(h.connection, THREE, { txns: [{ appId: 'loader', version: 2 }] }),
    ).toMatchObject({ changed: false })
    expect(
      await h.table.append(h.connection, THREE, { txns: [{ appId: 'loader', version: 4 }] }),
    ).toMatchObject({ changed: true, version: 1 })
    expect(await h.rows('id')).toHaveLength(6)
  })

  it('records commitInfo with operation, parameters, readVersion and metrics; history lists it newest first', async () => {
    await h.table.append(h.connection, THREE, { userMetadata: { run: 'r1' } })
    await h.table.delete(h.connection, sql`grp = 'y'`)
    const history = await h.table.history()
    expect(history.map((e) => [e.version, e.commitInfo?.operation])).toEqual([
      [1, 'DELETE'],
      [0, 'CREATE TABLE AS SELECT'],
    ])
    expect(history[1]?.commitInfo).toMatchObject({
      userMetadata: '{"run":"r1"}',
      operationMetrics: { numOutputRows: '3' },
    })
    expect(history[0]?.commitInfo).toMatchObject({
      readVersion: 0,
      isBlindAppend: false,
      operationParameters: { predicate: '["grp = \'y\'"]' },
    })
  })

  it('leaves the previous version when the query fails midway', async () => {
    await h.table.append(h.connection, THREE)
    await expect(
      h.table.overwrite(
        h.connection,
        sql`SELECT 1 AS id, CAST(error('boom') AS VARCHAR) AS name, 'x' AS grp`,
      ),
    ).rejects.toMatchObject({
      code: 'IO_WRITE_FAILED',
    })
    expect(await h.table.version()).toBe(0)
    expect(await h.rows('id')).toHaveLength(3)
  })
})
