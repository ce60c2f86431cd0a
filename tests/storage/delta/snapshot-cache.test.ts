import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import { commitFileName } from '../../../framework/storage/delta/log-listing.js'
import { latestVersion, loadSnapshot } from '../../../framework/storage/delta/snapshot.js'
import { clearSnapshotCache } from '../../../framework/storage/delta/snapshot-cache.js'
import type { Snapshot } from '../../../framework/storage/delta/snapshot-types.js'
import { add, field, metaData, writeCommit } from './reader-helpers.js'
import { type WriterHarness, writerHarness } from './writer-helpers.js'

/** What a reader sees of a snapshot: everything but object identity. */
function visible(snapshot: Snapshot) {
  return {
    ...snapshot,
    transactions: [...snapshot.transactions],
    domainMetadata: [...snapshot.domainMetadata],
  }
}

// A writer caches the snapshot its commit made (the one it read, plus what it wrote); the next read
// trusts it only while its commit file is unchanged and no next commit exists.
describe('the snapshot a writer caches', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
    clearSnapshotCache()
  })
  afterEach(() => h.close())

  it('equals a cold replay of the log after create, append with a txn, delete and overwrite', async () => {
    const c = h.connection
    await h.table.append(c, sql`SELECT i AS id, i % 2 AS part FROM range(6) t(i)`, {
      partitionBy: ['part'],
    })
    await h.table.append(c, sql`SELECT 10 AS id, 1 AS part`, {
      txns: [{ appId: 'loader', version: 3 }],
    })
    await h.table.delete(c, sql`id = 2`)
    await h.table.overwrite(c, sql`SELECT 7 AS id, 0 AS part`)
    const cached = await loadSnapshot(h.table.tableDir)
    clearSnapshotCache()
    const cold = await loadSnapshot(h.table.tableDir)
    expect(cached.version).toBe(3)
    expect(visible(cached)).toEqual(visible(cold))
  })

  it('is what the next read gets, without reading the log', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id`)
    await h.table.append(h.connection, sql`SELECT 2 AS id`)
    // A replay would now fail (commit 0 is gone); the snapshot cached by the commit is served.
    fs.rmSync(path.join(h.table.tableDir, '_delta_log', commitFileName(0)))
    const latest = await loadSnapshot(h.table.tableDir)
    expect(latest.version).toBe(1)
    expect(latest.files).toHaveLength(2)
  })

  it('gives way to a commit another writer made behind its back', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id`)
    const before = await loadSnapshot(h.table.tableDir)
    writeCommit(h.table.tableDir, 1, [add('from-elsewhere.parquet')])
    expect(await latestVersion(h.table.tableDir)).toBe(1)
    const after = await loadSnapshot(h.table.tableDir)
    expect(after.version).toBe(1)
    expect(after.files.map((f) => f.path)).toEqual([
      ...before.files.map((f) => f.path),
      'from-elsewhere.parquet',
    ])
  })

  it('is not served once the table was dropped and written anew up to the same version', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id`)
    await h.table.append(h.connection, sql`SELECT 2 AS id`)
    expect((await loadSnapshot(h.table.tableDir)).version).toBe(1)
    // Another process re-creates the table: versions 0 and 1 again, other files.
    fs.rmSync(h.table.tableDir, { recursive: true })
    const protocol = { protocol: { minReaderVersion: 1, minWriterVersion: 2 } }
    writeCommit(h.table.tableDir, 0, [protocol, metaData([field('name', 'string')])])
    writeCommit(h.table.tableDir, 1, [add('new.parquet')])
    const latest = await loadSnapshot(h.table.tableDir)
    expect(latest.schema.map((f) => f.name)).toEqual(['name'])
    expect(latest.files.map((f) => f.path)).toEqual(['new.parquet'])
  })
})
