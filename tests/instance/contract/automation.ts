import { hostname } from 'node:os'
import { expect, it } from 'vitest'
import type { NewAutomationTick } from '../../../framework/instance/automation-records.js'
import type { ContractContext } from '../instance-store.contract.js'

/** Above Linux's largest possible pid_max (2^22), so no process can have it. */
const DEAD_PID = 2 ** 22 + 54_321

function tick(overrides: Partial<NewAutomationTick> = {}): NewAutomationTick {
  return {
    startedAt: '2026-03-01T00:00:00.000Z',
    finishedAt: '2026-03-01T00:00:00.010Z',
    status: 'success',
    runId: null,
    requested: [],
    evaluatedCount: 2,
    error: null,
    daemonId: 'test',
    ...overrides,
  }
}

export function automationContract(context: () => ContractContext): void {
  it('recordAutomationTick() returns growing ids; listAutomationTicks() pages newest first', async () => {
    const { store } = context()
    const first = await store.recordAutomationTick(tick(), [])
    const second = await store.recordAutomationTick(
      tick({ runId: 'r1', requested: ['bronze/a'] }),
      [],
    )
    const third = await store.recordAutomationTick(
      tick({ status: 'failure', error: { code: 'IO_READ_FAILED', message: 'disk' } }),
      [],
    )
    expect(first < second && second < third).toBe(true)
    const ticks = await store.listAutomationTicks()
    expect(ticks.map((t) => t.id)).toEqual([third, second, first])
    expect(ticks[1]).toEqual({ ...tick({ runId: 'r1', requested: ['bronze/a'] }), id: second })
    expect(ticks[0]?.error).toEqual({ code: 'IO_READ_FAILED', message: 'disk' })
    expect(
      (await store.listAutomationTicks({ limit: 1, beforeId: third })).map((t) => t.id),
    ).toEqual([second])
  })

  it('automationEvaluations() gives each asset the newest evaluation at or before a tick', async () => {
    const { store } = context()
    const t1 = await store.recordAutomationTick(tick(), [
      { key: 'silver/a', body: 'a1' },
      { key: 'silver/b', body: 'b1' },
    ])
    const t2 = await store.recordAutomationTick(tick(), [{ key: 'silver/a', body: 'a2' }])
    const t3 = await store.recordAutomationTick(tick(), [])
    const bodies = (map: Map<string, { body: string; tickId: number }>) =>
      Object.fromEntries([...map].map(([key, e]) => [key, [e.body, e.tickId]]))
    expect(bodies(await store.automationEvaluations())).toEqual({
      'silver/a': ['a2', t2],
      'silver/b': ['b1', t1],
    })
    expect(bodies(await store.automationEvaluations({ asOfTickId: t1 }))).toEqual({
      'silver/a': ['a1', t1],
      'silver/b': ['b1', t1],
    })
    expect(
      bodies(await store.automationEvaluations({ asOfTickId: t3, keys: ['silver/b', 'x/y'] })),
    ).toEqual({ 'silver/b': ['b1', t1] })
    expect(await store.automationEvaluations({ keys: [] })).toEqual(new Map())
    expect(
      (await store.automationEvaluationHistory('silver/a')).map((e) => [e.body, e.tickId]),
    ).toEqual([
      ['a2', t2],
      ['a1', t1],
    ])
    expect(await store.automationEvaluationHistory('silver/a', 1)).toHaveLength(1)
  })

  it('pruneAutomationTicks() keeps the newest ticks and every evaluation', async () => {
    const { store } = context()
    await store.recordAutomationTick(tick(), [{ key: 'silver/a', body: 'a1' }])
    for (let i = 0; i < 4; i++) await store.recordAutomationTick(tick(), [])
    await store.pruneAutomationTicks(2)
    expect(await store.listAutomationTicks()).toHaveLength(2)
    expect((await store.automationEvaluations()).get('silver/a')?.body).toBe('a1')
  })

  it('setAutomationCursors() upserts; automationCursors() reads all or some, from any process', async () => {
    const { harness, store } = context()
    await store.setAutomationCursors(
      new Map([
        ['silver/a', '{"n":1}'],
        ['silver/b', '{"n":2}'],
      ]),
    )
    await store.setAutomationCursors(new Map([['silver/a', '{"n":3}']]))
    const other = await harness.open()
    expect(await other.automationCursors()).toEqual(
      new Map([
        ['silver/a', '{"n":3}'],
        ['silver/b', '{"n":2}'],
      ]),
    )
    expect(await other.automationCursors(['silver/b', 'x/y'])).toEqual(
      new Map([['silver/b', '{"n":2}']]),
    )
  })

  it('tryAcquireLease() gives a lease to one owner at a time until it expires or is released', async () => {
    const { harness } = context()
    let now = Date.UTC(2026, 0, 1)
    const a = await harness.open({ now: () => now })
    const b = await harness.open({ now: () => now })
    expect(await a.tryAcquireLease('daemon', 'A', 1000)).toBeUndefined()
    expect(await b.tryAcquireLease('daemon', 'B', 1000)).toMatchObject({
      name: 'daemon',
      owner: 'A',
      pid: process.pid,
      host: hostname(),
    })
    now += 900
    expect(await a.tryAcquireLease('daemon', 'A', 1000)).toBeUndefined()
    now += 900
    expect(await b.tryAcquireLease('daemon', 'B', 1000)).toMatchObject({ owner: 'A' })
    now += 101
    expect(await b.tryAcquireLease('daemon', 'B', 1000)).toBeUndefined()
    await a.releaseLease('daemon', 'A')
    expect(await a.tryAcquireLease('daemon', 'A', 1000)).toMatchObject({ owner: 'B' })
    await b.releaseLease('daemon', 'B')
    expect(await a.tryAcquireLease('daemon', 'A', 1000)).toBeUndefined()
  })

  it('a lease whose process no longer exists on this host is taken over at once', async () => {
    const { harness, store } = context()
    const ghost = await harness.open({ pid: DEAD_PID })
    expect(await ghost.tryAcquireLease('daemon', 'ghost', 60_000)).toBeUndefined()
    expect(await store.tryAcquireLease('daemon', 'live', 60_000)).toBeUndefined()
  })
}
