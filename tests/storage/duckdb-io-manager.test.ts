import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, expect, it } from 'vitest'
import * as z from 'zod'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { sql } from '../../framework/definitions/sql.js'
import { createDuckDbIOManager } from '../../framework/storage/duckdb/duckdb-io-manager.js'
import type { IOManager } from '../../framework/storage/io-manager.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { describeIOManagerContract } from './io-manager.contract.js'

describeIOManagerContract('duckdb', createDuckDbIOManager)

let temp: ReturnType<typeof makeTempDir>
let duckdb: DuckDBInstance
let storage: IOManager
beforeEach(async () => {
  temp = makeTempDir()
  duckdb = await DuckDBInstance.create(':memory:')
  storage = createDuckDbIOManager(temp.dir, duckdb)
})
afterEach(() => {
  duckdb.closeSync()
  temp.remove()
})

/** An asset kept in DuckDB storage; the tests write its table through the storage directly. */
const duckdbAsset = (key: `${string}/${string}`) =>
  defineAsset({
    key,
    storage: 'duckdb',
    schema: z.object({ id: z.number() }),
    materialize: () => sql`select 1 as id`,
  })

/** Runs `fn` on a new connection of the test's DuckDB instance, and closes it after. */
async function withConnection(fn: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
  const connection = await duckdb.connect()
  try {
    await fn(connection)
  } finally {
    connection.closeSync()
  }
}

// Files stay attached a little while after their last use; drop() must not leave the process
// writing to (or reading) the deleted file through that lingering attachment.
it('writes a new file after drop(), even while the dropped one would still be attached', async () => {
  const asset = duckdbAsset('silver/things')
  await withConnection(async (connection) => {
    await storage.output(asset, connection).overwrite(sql`select 1 as id`)
    await storage.release(asset.key)
    await storage.drop(asset.key)
    await storage.output(asset, connection).overwrite(sql`select 2 as id`)
    await storage.release(asset.key)
    const ref = await storage.ref(asset.key, connection)
    const rows = (await connection.runAndReadAll(`select id from ${ref.from}`)).getRowObjects()
    await storage.release(asset.key)
    expect(rows).toEqual([{ id: 2 }])
    expect((await storage.stats(asset.key, connection)).storageVersion).toBe(0)
  })
})

// Files are detached without a checkpoint: the committed write lives in the file's WAL until a
// writer checkpoints it, and a process that attaches the file later must still read it.
it('a write is read back by another DuckDB instance after the writer closed', async () => {
  const asset = duckdbAsset('silver/things')
  const writer = await duckdb.connect()
  await storage.output(asset, writer).overwrite(sql`select range::int as id from range(3)`)
  await storage.release(asset.key)
  writer.closeSync()
  duckdb.closeSync()

  duckdb = await DuckDBInstance.create(':memory:')
  storage = createDuckDbIOManager(temp.dir, duckdb)
  await withConnection(async (reader) => {
    const ref = await storage.ref(asset.key, reader)
    const rows = (
      await reader.runAndReadAll(`select id from ${ref.from} order by id`)
    ).getRowObjects()
    await storage.release(asset.key)
    expect(rows).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }])
    expect((await storage.stats(asset.key, reader)).storageVersion).toBe(0)
  })
})

// A table created from a query has no NOT NULL constraints, so every column reads nullable.
it('stats() lists every column in order with its DuckDB type and nullability', async () => {
  const asset = duckdbAsset('silver/typed')
  await withConnection(async (connection) => {
    const output = storage.output(asset, connection)
    await output.overwrite(sql`select 1::bigint as id, 'a' as name, date '2026-01-01' as at`)
    await storage.release(asset.key)
    const stats = await storage.stats(asset.key, connection)
    expect(stats.rowCount).toBe(1)
    expect(stats.columns).toEqual([
      { name: 'id', type: 'BIGINT', nullable: true },
      { name: 'name', type: 'VARCHAR', nullable: true },
      { name: 'at', type: 'DATE', nullable: true },
    ])
  })
})
