import { hostname } from 'node:os'
import { expect, it } from 'vitest'
import type { ContractContext } from '../instance-store.contract.js'

/** Above Linux's largest possible pid_max (2^22), so no process can have it. */
const DEAD_PID = 2 ** 22 + 12_345

/** A clock the test moves by hand, for lease expiry. */
function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start
  return { now: () => now, advance: (ms: number) => (now += ms) }
}

export function locksContract(context: () => ContractContext): void {
  it('tryLockAsset() takes a free lock and listLocks() shows this process as holder', async () => {
    const { store } = context()
    expect(await store.tryLockAsset('silver/a', 'r1')).toBeUndefined()
    expect(await store.listLocks()).toEqual([
      {
        key: 'silver/a',
        runId: 'r1',
        pid: process.pid,
        host: hostname(),
        acquiredAt: expect.any(String),
      },
    ])
  })

  it('a lock held by a live run is refused and its holder returned; the holder may lock again', async () => {
    const { store } = context()
    await store.tryLockAsset('silver/a', 'r1')
    expect(await store.tryLockAsset('silver/a', 'r2')).toMatchObject({
      key: 'silver/a',
      runId: 'r1',
      pid: process.pid,
    })
    expect(await store.tryLockAsset('silver/a', 'r1')).toBeUndefined()
    expect(await store.tryLockAsset('silver/b', 'r2')).toBeUndefined()
    expect((await store.listLocks()).map((lock) => [lock.key, lock.runId])).toEqual([
      ['silver/a', 'r1'],
      ['silver/b', 'r2'],
    ])
  })

  it('unlockAsset() releases only a lock held by that run', async () => {
    const { store } = context()
    await store.tryLockAsset('silver/a', 'r1')
    await store.unlockAsset('silver/a', 'r2')
    expect(await store.tryLockAsset('silver/a', 'r2')).toMatchObject({ runId: 'r1' })
    await store.unlockAsset('silver/a', 'r1')
    expect(await store.tryLockAsset('silver/a', 'r2')).toBeUndefined()
  })

  it('a lock whose process no longer exists on this host is taken over', async () => {
    const { harness, store } = context()
    const ghost = await harness.open({ pid: DEAD_PID })
    expect(await ghost.tryLockAsset('silver/a', 'r1')).toBeUndefined()
    expect(await store.tryLockAsset('silver/a', 'r2')).toBeUndefined()
    expect(await store.listLocks()).toMatchObject([{ runId: 'r2', pid: process.pid }])
  })

  it('a lock held from another host is taken over only once its heartbeat is older than the lease', async () => {
    const { harness } = context()
    const clock = manualClock()
    // The other host's pid does not exist here, which must not matter: it cannot be checked from here.
    const remote = await harness.open({ host: 'other-host', pid: DEAD_PID, now: clock.now })
    const local = await harness.open({ leaseMs: 1000, now: clock.now })
    await remote.tryLockAsset('silver/a', 'r1')
    clock.advance(800)
    await remote.heartbeat('r1')
    clock.advance(800)
    expect(await local.tryLockAsset('silver/a', 'r2')).toMatchObject({
      runId: 'r1',
      host: 'other-host',
    })
    clock.advance(201)
    expect(await local.tryLockAsset('silver/a', 'r2')).toBeUndefined()
    expect(await local.listLocks()).toMatchObject([{ runId: 'r2', host: hostname() }])
  })

  it('getValue() returns what setValue() stored last, and undefined for a name never set', async () => {
    const { harness, store } = context()
    expect(await store.getValue('daemon.cursor')).toBeUndefined()
    await store.setValue('daemon.cursor', '41')
    await store.setValue('daemon.cursor', '42')
    await store.setValue('daemon.paused', '')
    const other = await harness.open()
    expect(await other.getValue('daemon.cursor')).toBe('42')
    expect(await other.getValue('daemon.paused')).toBe('')
  })
}
