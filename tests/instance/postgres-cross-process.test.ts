import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { isProcessAlive } from '../../framework/instance/lock-policy.js'
import { openPostgresInstanceStore } from '../../framework/instance/postgres-instance-store.js'
import {
  findPostgres,
  type PostgresServer,
  startPostgresServer,
} from '../helpers/postgres-server.js'
import { killFixtures, spawnFixture } from './child-process.js'

interface LockReport {
  readonly pid: number
  readonly holder: { runId: string; pid: number } | null
}

const install = findPostgres()
if ('skip' in install) console.warn(install.skip)

describe.skipIf('skip' in install)('PostgreSQL instance store across processes', () => {
  let server: PostgresServer | undefined
  let url = ''
  beforeAll(async () => {
    if ('binDir' in install) server = await startPostgresServer(install.binDir)
  }, 120_000)
  afterAll(async () => {
    await server?.stop()
  })
  beforeEach(async () => {
    if (server === undefined) throw new Error('PostgreSQL server not started')
    url = await server.createSchema()
    // Migrated before the children start, so that they only race on what the test is about.
    await (await openPostgresInstanceStore(url)).close()
  })
  afterEach(async () => {
    await killFixtures()
    await server?.dropSchema(url)
  })

  it('two processes appending at once lose no event, commit ids in order and keep "latest" on the newest', async () => {
    const count = 200
    const writers = [
      ['ra', 'rb'],
      ['rb', 'ra'],
    ].map(([runId, other]) =>
      spawnFixture('append-events', [url, runId ?? '', String(count), other ?? '']),
    )
    await Promise.all(writers.map(async (w) => expect(await w.nextLine()).toBe('ready')))
    for (const writer of writers) writer.process.stdin.write('go\n')
    const [idsA, idsB] = await Promise.all(
      writers.map(async (w) => JSON.parse(await w.nextLine()) as number[]),
    )
    if (idsA === undefined || idsB === undefined) throw new Error('a writer printed nothing')

    const all = [...idsA, ...idsB]
    expect(new Set(all).size).toBe(2 * count)
    // The writers keep in step, so their ids interleave; otherwise the test would prove nothing.
    expect(Math.max(...idsA)).toBeGreaterThan(Math.min(...idsB))
    expect(Math.max(...idsB)).toBeGreaterThan(Math.min(...idsA))
    // Each writer's ids grow: a tailer reading `id > last seen` misses none of its events.
    expect(idsA).toEqual(idsA.toSorted((a, b) => a - b))

    const store = await openPostgresInstanceStore(url)
    try {
      const stored = [...(await store.runEvents('ra')), ...(await store.runEvents('rb'))]
      expect(stored.map((e) => e.id).toSorted((a, b) => a - b)).toEqual(
        all.toSorted((a, b) => a - b),
      )
      const last = stored
        .filter((e) => e.event.type === 'asset_materialized')
        .reduce((a, b) => (a.id > b.id ? a : b))
      const latest = (await store.latestMaterializations(['silver/shared'])).get('silver/shared')
      expect(latest).toEqual(last.event)
    } finally {
      await store.close()
    }
  }, 60_000)

  it('a lock held by a live process is refused to another, and taken over once it is killed', async () => {
    const holder = spawnFixture('hold-lock', [url, 'silver/a', 'r1'])
    const held = JSON.parse(await holder.nextLine()) as LockReport
    expect(held.holder).toBeNull()
    // This test's process is the other process.
    const store = await openPostgresInstanceStore(url)
    try {
      expect(await store.tryLockAsset('silver/a', 'r2')).toMatchObject({
        runId: 'r1',
        pid: held.pid,
      })

      holder.process.kill('SIGKILL')
      await holder.exited()
      expect(isProcessAlive(held.pid)).toBe(false)

      expect(await store.tryLockAsset('silver/a', 'r2')).toBeUndefined()
      expect(await store.listLocks()).toMatchObject([{ runId: 'r2', pid: process.pid }])
    } finally {
      await store.close()
    }
  }, 60_000)
})
