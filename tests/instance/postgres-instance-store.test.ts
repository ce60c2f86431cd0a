import { existsSync } from 'node:fs'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../framework/config/load-config.js'
import type { InstanceStore } from '../../framework/instance/instance-store.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { openPostgresInstanceStore } from '../../framework/instance/postgres-instance-store.js'
import { POSTGRES_SCHEMA_VERSION } from '../../framework/instance/postgres-schema.js'
import { sqliteInstanceStorePath } from '../../framework/instance/sqlite-instance-store.js'
import {
  findPostgres,
  type PostgresServer,
  startPostgresServer,
} from '../helpers/postgres-server.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { materialized, runRecord } from './event-fixtures.js'
import {
  describeInstanceStoreContract,
  type InstanceStoreHarness,
} from './instance-store.contract.js'

const install = findPostgres()
if ('skip' in install) console.warn(install.skip)

describe.skipIf('skip' in install)('PostgreSQL instance store', () => {
  let server: PostgresServer | undefined
  beforeAll(async () => {
    if ('binDir' in install) server = await startPostgresServer(install.binDir)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })
  const running = (): PostgresServer => {
    if (server === undefined) throw new Error('PostgreSQL server not started')
    return server
  }

  /** One new schema per test: each starts from an empty, freshly migrated store. */
  async function makePostgresHarness(): Promise<InstanceStoreHarness> {
    const own = running()
    const url = await own.createSchema()
    const opened: InstanceStore[] = []
    return {
      async open(options) {
        const store = await openPostgresInstanceStore(url, options)
        opened.push(store)
        return store
      },
      async dispose() {
        for (const store of opened) await store.close()
        await own.dropSchema(url)
      },
    }
  }

  describeInstanceStoreContract('postgres', makePostgresHarness)

  describe('opening, concurrency and configuration', () => {
    let harness: InstanceStoreHarness | undefined
    const fresh = async () => {
      harness = await makePostgresHarness()
      return harness
    }
    afterEach(async () => {
      await harness?.dispose()
      harness = undefined
    })

    it('processes opening a new database at once create the schema once, at the current version', async () => {
      const url = await running().createSchema()
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresInstanceStore(url)))
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        const { rows } = await client.query('select version from medallion_schema')
        expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }])
      } finally {
        await client.end()
        for (const store of stores) await store.close()
        await running().dropSchema(url)
      }
    })

    it('keeps runs and events when the database is opened again', async () => {
      const h = await fresh()
      const first = await h.open()
      await first.createRun(runRecord('r1'))
      await first.appendEvents([materialized('r1', 'silver/a', 'a1')])
      await first.close()
      const second = await h.open()
      expect(await second.getRun('r1')).toMatchObject({ runId: 'r1' })
      expect((await second.latestMaterializations()).get('silver/a')?.dataVersion).toBe('a1')
    })

    it('refuses a database written by a newer schema version with INSTANCE_STORE_INVALID', async () => {
      const url = await running().createSchema()
      await (await openPostgresInstanceStore(url)).close()
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query('update medallion_schema set version = version + 1')
        await expect(openPostgresInstanceStore(url)).rejects.toMatchObject({
          code: 'INSTANCE_STORE_INVALID',
        })
      } finally {
        await client.end()
        await running().dropSchema(url)
      }
    })

    it('an unreachable server gives INSTANCE_STORE_UNAVAILABLE without printing the password', async () => {
      // Port 1 on loopback: nothing listens there, so the connection is refused at once.
      const error = await openPostgresInstanceStore('postgres://u:secret@127.0.0.1:1/db').catch(
        (e: unknown) => e,
      )
      expect(error).toMatchObject({ code: 'INSTANCE_STORE_UNAVAILABLE' })
      expect((error as Error).message).toContain('127.0.0.1:1')
      expect((error as Error).message).not.toContain('secret')
    })

    it('concurrent appends from one process get distinct ids, in order within each batch, and "latest" ends on the highest', async () => {
      const store = await (await fresh()).open()
      const batches = Array.from({ length: 20 }, (_, i) => [
        materialized(`r${i}`, 'silver/shared', `v${i}`),
        materialized(`r${i}`, 'silver/shared', `w${i}`),
      ])
      const ids = await Promise.all(batches.map((batch) => store.appendEvents(batch)))
      expect(new Set(ids.flat()).size).toBe(40)
      for (const [first, second] of ids) expect(second).toBe((first ?? 0) + 1)
      const highest = Math.max(...ids.flat())
      const owner = ids.findIndex((pair) => pair.includes(highest))
      const latest = (await store.latestMaterializations(['silver/shared'])).get('silver/shared')
      expect(latest?.dataVersion).toBe(`w${owner}`)
    })

    it('of stores racing for a free lock or lease on separate connections, exactly one wins', async () => {
      const h = await fresh()
      const stores = await Promise.all([0, 1, 2, 3].map(() => h.open()))
      const locks = await Promise.all(stores.map((s, i) => s.tryLockAsset('silver/a', `r${i}`)))
      const lockWinner = locks.indexOf(undefined)
      expect(locks.filter((holder) => holder === undefined)).toHaveLength(1)
      for (const holder of locks) if (holder) expect(holder.runId).toBe(`r${lockWinner}`)

      const leases = await Promise.all(
        stores.map((s, i) => s.tryAcquireLease('d', `o${i}`, 60_000)),
      )
      const leaseWinner = leases.indexOf(undefined)
      expect(leases.filter((holder) => holder === undefined)).toHaveLength(1)
      for (const holder of leases) if (holder) expect(holder.owner).toBe(`o${leaseWinner}`)
    })

    it('openInstance() uses the PostgreSQL store the configuration names', async () => {
      const url = await running().createSchema()
      const temp = makeTempDir('medallion-pg-instance-')
      try {
        const env = { MEDALLION_INSTANCE_STORE: 'postgres', MEDALLION_POSTGRES_URL: url }
        const config = await loadConfig({ root: temp.dir, env })
        const instance = await openInstance({ dataDir: temp.dir, config, threads: 1 })
        try {
          await instance.store.createRun(runRecord('r1'))
        } finally {
          await instance.close()
        }
        expect(existsSync(sqliteInstanceStorePath(temp.dir))).toBe(false)
        const store = await openPostgresInstanceStore(url)
        expect(await store.getRun('r1')).toMatchObject({ runId: 'r1' })
        await store.close()
      } finally {
        temp.remove()
        await running().dropSchema(url)
      }
    })

    it('close() can be called twice', async () => {
      const store = await (await fresh()).open()
      await store.close()
      await expect(store.close()).resolves.toBeUndefined()
    })
  })
})
