import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as z from 'zod'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { sql } from '../../framework/definitions/sql.js'
import type { StorageKind } from '../../framework/definitions/types.js'
import type { IOManager, OutputOptions } from '../../framework/storage/io-manager.js'
import { makeTempDir } from '../helpers/temp-dir.js'

/**
 * The behaviour every storage must have, run against each one (Kysely's pattern of one suite over
 * every dialect), so the executor can treat storages alike.
 */
export function describeIOManagerContract(
  kind: StorageKind,
  create: (dataDir: string, duckdb: DuckDBInstance) => IOManager,
) {
  describe(`${kind}: IOManager contract`, () => {
    let temp: ReturnType<typeof makeTempDir>
    let storage: IOManager
    let duckdb: DuckDBInstance
    let connection: DuckDBConnection
    const asset = defineAsset({
      key: 'silver/things',
      storage: kind,
      schema: z.object({ id: z.number(), name: z.string() }),
      materialize: () => sql`select 1 as id, 'a' as name`,
    })
    const rows = async (query: string) =>
      (await connection.runAndReadAll(query)).getRowObjectsJson()

    beforeEach(async () => {
      temp = makeTempDir()
      duckdb = await DuckDBInstance.create(':memory:')
      storage = create(temp.dir, duckdb)
      connection = await duckdb.connect()
    })
    afterEach(() => {
      connection.closeSync()
      duckdb.closeSync()
      temp.remove()
    })

    /** Writes through a step's output, then releases it as the executor does. */
    async function step<T>(
      fn: (output: ReturnType<IOManager['output']>) => Promise<T>,
      options?: OutputOptions,
    ): Promise<T> {
      try {
        return await fn(storage.output(asset, connection, options))
      } finally {
        await storage.release(asset.key)
      }
    }

    it('ref() of a never-written asset throws NOT_MATERIALIZED', async () => {
      expect(await storage.exists(asset.key)).toBe(false)
      await expect(storage.ref(asset.key, connection)).rejects.toMatchObject({
        code: 'NOT_MATERIALIZED',
      })
    })

    it('ref() after overwrite() reads back the same rows, and stats() counts them', async () => {
      await step((out) => out.overwrite(sql`select * from (values (1, 'a'), (2, 'b')) t(id, name)`))
      const ref = await storage.ref(asset.key, connection)
      expect(await rows(`select * from ${ref.from} order by id`)).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ])
      await storage.release(asset.key)
      const stats = await storage.stats(asset.key, connection)
      expect(stats.rowCount).toBe(2)
      expect(stats.columns.map((c) => c.name)).toEqual(['id', 'name'])
      expect(stats.storageVersion).not.toBeNull()
    })

    it('a second overwrite replaces the first, and the storage version moves on', async () => {
      const first = await step((out) => out.overwrite(sql`select 1 as id, 'a' as name`))
      const second = await step((out) => out.overwrite(sql`select 2 as id, 'b' as name`))
      expect(second.storageVersion).toBeGreaterThan(first.storageVersion ?? -1)
      const ref = await storage.ref(asset.key, connection)
      expect(await rows(`select id from ${ref.from}`)).toEqual([{ id: 2 }])
      await storage.release(asset.key)
    })

    it('append with a txn applies once, however often it is retried', async () => {
      const txn = { appId: 'raw/file-1', version: 1 }
      await step((out) => out.append(sql`select 1 as id, 'a' as name`, { txns: [txn] }))
      const again = await step((out) =>
        out.append(sql`select 1 as id, 'a' as name`, { txns: [txn] }),
      )
      expect(again.changed).toBe(false)
      await step((out) => out.append(sql`select 2 as id, 'b' as name`))
      expect((await storage.stats(asset.key, connection)).rowCount).toBe(2)
    })

    it('one write with several txns commits them together and is skipped only when all are applied', async () => {
      const first = [
        { appId: 'raw/file-1', version: 1 },
        { appId: 'raw/file-2', version: 1 },
      ]
      const written = await step((out) =>
        out.append(sql`select * from (values (1, 'a'), (2, 'b')) t(id, name)`, { txns: first }),
      )
      expect(written.changed).toBe(true)
      expect(await step((out) => out.appliedTxn('raw/file-2'))).toBe(1)
      const again = await step((out) =>
        out.append(sql`select 1 as id, 'a' as name`, { txns: first }),
      )
      expect(again.changed).toBe(false)
      // One new input among applied ones: the write goes through; the applied one keeps its version.
      const mixed = [
        { appId: 'raw/file-1', version: 0 },
        { appId: 'raw/file-3', version: 4 },
      ]
      const third = await step((out) =>
        out.replaceWhere(sql`select 3 as id, 'c' as name`, sql`id = 3`, { txns: mixed }),
      )
      expect(third.changed).toBe(true)
      expect(await step((out) => out.appliedTxn('raw/file-1'))).toBe(1)
      expect(await step((out) => out.appliedTxn('raw/file-3'))).toBe(4)
      expect((await storage.stats(asset.key, connection)).rowCount).toBe(3)
      await expect(
        step((out) =>
          out.append(sql`select 4 as id, 'd' as name`, {
            txns: [
              { appId: 'raw/file-4', version: 1 },
              { appId: 'raw/file-4', version: 2 },
            ],
          }),
        ),
      ).rejects.toMatchObject({ code: 'USAGE' })
      expect((await storage.stats(asset.key, connection)).rowCount).toBe(3)
    })

    it('an output with a onceId commits each of its writes at most once, whoever runs it again', async () => {
      const twoWrites = (out: ReturnType<IOManager['output']>, name: string) => {
        const literal = sql.literal(name)
        return out
          .overwrite(sql`select 1 as id, ${literal} as name`)
          .then(async (first) => [first, await out.append(sql`select 2 as id, ${literal} as name`)])
      }
      const lost = { onceId: 'medallion-run:r1:1' }
      // The first try commits its first write, then its worker dies before the second.
      await step((out) => out.overwrite(sql`select 1 as id, 'first' as name`), lost)
      const committed = (await storage.stats(asset.key, connection)).storageVersion
      // The re-run skips the committed write and commits the one that was lost.
      const rerun = await step((out) => twoWrites(out, 'rerun'), lost)
      expect(rerun.map((write) => write.changed)).toEqual([false, true])
      expect(
        await rows(
          `select name from ${(await storage.ref(asset.key, connection)).from} order by id`,
        ),
      ).toEqual([{ name: 'first' }, { name: 'rerun' }])
      await storage.release(asset.key)
      const after = (await storage.stats(asset.key, connection)).storageVersion
      expect(after).toBe((committed as number) + 1)
      // A third run of the same id commits nothing; a new id (the next attempt, run) writes anew.
      expect((await step((out) => twoWrites(out, 'third'), lost)).map((w) => w.changed)).toEqual([
        false,
        false,
      ])
      const next = await step((out) => twoWrites(out, 'next'), { onceId: 'medallion-run:r1:2' })
      expect(next.map((write) => write.changed)).toEqual([true, true])
      // The caller's own txns still skip a write whose inputs were all applied.
      const txns = [{ appId: 'raw/file-9', version: 1 }]
      await step((out) => out.append(sql`select 9 as id, 'x' as name`, { txns }))
      const skipped = await step((out) => out.append(sql`select 9 as id, 'x' as name`, { txns }), {
        onceId: 'medallion-run:r2:1',
      })
      expect(skipped.changed).toBe(false)
    })

    it('merge updates matched rows and inserts the rest in one write', async () => {
      await step((out) => out.overwrite(sql`select * from (values (1, 'a'), (2, 'b')) t(id, name)`))
      await step((out) =>
        out.merge({
          source: sql`select * from (values (2, 'B'), (3, 'c')) t(id, name)`,
          on: sql`target.id = source.id`,
          whenMatched: [{ action: 'update', set: { name: sql`source.name` } }],
          whenNotMatched: [{ action: 'insert' }],
        }),
      )
      const ref = await storage.ref(asset.key, connection)
      expect(await rows(`select * from ${ref.from} order by id`)).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'B' },
        { id: 3, name: 'c' },
      ])
      await storage.release(asset.key)
    })

    it('replaceWhere swaps only the matching rows; delete removes rows', async () => {
      await step((out) => out.overwrite(sql`select * from (values (1, 'a'), (2, 'b')) t(id, name)`))
      await step((out) => out.replaceWhere(sql`select 2 as id, 'z' as name`, sql`id = 2`))
      await step((out) => out.delete(sql`id = 1`))
      const ref = await storage.ref(asset.key, connection)
      expect(await rows(`select * from ${ref.from}`)).toEqual([{ id: 2, name: 'z' }])
      await storage.release(asset.key)
    })

    it('a failing write leaves the previous table', async () => {
      await step((out) => out.overwrite(sql`select 1 as id, 'a' as name`))
      await expect(
        step((out) => out.overwrite(sql`select 1 / 0 as id, error('boom') as name`)),
      ).rejects.toMatchObject({ code: 'IO_WRITE_FAILED' })
      const ref = await storage.ref(asset.key, connection)
      expect(await rows(`select * from ${ref.from}`)).toEqual([{ id: 1, name: 'a' }])
      await storage.release(asset.key)
    })

    it('drop() forgets the table', async () => {
      await step((out) => out.overwrite(sql`select 1 as id, 'a' as name`))
      await storage.drop(asset.key)
      expect(await storage.exists(asset.key)).toBe(false)
    })
  })
}
