import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isProcessAlive } from '../../framework/instance/lock-policy.js'
import {
  openSqliteInstanceStore,
  sqliteInstanceStorePath,
} from '../../framework/instance/sqlite-instance-store.js'
import { killFixtures, spawnFixture } from './child-process.js'

interface LockReport {
  readonly pid: number
  readonly holder: { runId: string; pid: number } | null
}

describe('SQLite instance store across processes', () => {
  let dir: string
  let path: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'medallion-instance-'))
    path = sqliteInstanceStorePath(dir)
  })
  afterEach(async () => {
    await killFixtures()
    rmSync(dir, { recursive: true, force: true })
  })

  it('two processes appending at once lose no event and keep "latest" on the newest', async () => {
    const count = 200
    const writers = [
      ['ra', 'rb'],
      ['rb', 'ra'],
    ].map(([runId, other]) =>
      spawnFixture('append-events', [path, runId ?? '', String(count), other ?? '']),
    )
    await Promise.all(writers.map(async (w) => expect(await w.nextLine()).toBe('ready')))
    for (const writer of writers) writer.process.stdin.write('go\n')
    const [idsA, idsB] = await Promise.all(
      writers.map(async (w) => JSON.parse(await w.nextLine()) as number[]),
    )
    if (idsA === undefined || idsB === undefined) throw new Error('a writer printed nothing')

    const all = [...idsA, ...idsB]
    expect(idsA).toHaveLength(count)
    expect(idsB).toHaveLength(count)
    expect(new Set(all).size).toBe(2 * count)
    // The writers keep in step, so their ids interleave; otherwise the test would prove nothing.
    expect(Math.max(...idsA)).toBeGreaterThan(Math.min(...idsB))
    expect(Math.max(...idsB)).toBeGreaterThan(Math.min(...idsA))

    const store = openSqliteInstanceStore(path)
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
  }, 30_000)

  it('a lock held by a live process is refused to another, and taken over once it is killed', async () => {
    const holder = spawnFixture('hold-lock', [path, 'silver/a', 'r1'])
    const held = JSON.parse(await holder.nextLine()) as LockReport
    expect(held.holder).toBeNull()
    // This test's process is the other process.
    const store = openSqliteInstanceStore(path)
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
  }, 30_000)
})
