import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset } from '../../framework/definitions/types.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import type { Instance } from '../../framework/instance/instance.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { delay, nSchema, openTestInstance, storedEvents } from './harness.js'

const rows = () => sql`select 1 as n`

describe('executeRun: parallelism, retries, cancellation, locks', () => {
  let instance: Instance
  let dispose: () => Promise<void>
  beforeEach(async () => {
    ;({ instance, dispose } = await openTestInstance())
  })
  afterEach(async () => dispose())

  const runAll = (
    assets: AnyAsset[],
    options: { concurrency?: number; signal?: AbortSignal; lockWait?: 'wait' | 'fail' } = {},
  ) => {
    const definitions = defineDefinitions({ assets })
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    return executeRun(instance, definitions, plan, {
      selection: '*',
      launchedBy: 'test',
      lockPollMs: 20,
      ...options,
    })
  }

  it('runs independent assets in parallel, never more at once than `concurrency`', async () => {
    let running = 0
    let peak = 0
    const slow = (i: number) =>
      defineAsset({
        key: `p/a${i}`,
        schema: nSchema,
        storage: 'duckdb',
        materialize: async () => {
          running += 1
          peak = Math.max(peak, running)
          await delay(120)
          running -= 1
          return rows()
        },
      })
    const result = await runAll([0, 1, 2, 3, 4, 5].map(slow), { concurrency: 2 })
    expect(result.status).toBe('success')
    expect(peak).toBe(2)
  })

  it('refuses a concurrency that is not a whole number of 1 or more', async () => {
    const one = defineAsset({ key: 'p/one', schema: nSchema, storage: 'duckdb', materialize: rows })
    await expect(runAll([one], { concurrency: 0 })).rejects.toMatchObject({ code: 'USAGE' })
    await expect(runAll([one], { concurrency: Number.NaN })).rejects.toMatchObject({
      code: 'USAGE',
    })
  })

  it('starts a step only once all its upstream steps succeeded', async () => {
    const finished: string[] = []
    const started: Record<string, string[]> = {}
    const step = (key: `${string}/${string}`, deps: Record<string, AnyAsset>, ms: number) =>
      defineAsset({
        key,
        schema: nSchema,
        storage: 'duckdb',
        deps,
        materialize: async () => {
          started[key] = [...finished]
          await delay(ms)
          finished.push(key)
          return rows()
        },
      })
    const left = step('d/left', {}, 150)
    const right = step('d/right', {}, 20)
    const join = step('d/join', { left, right }, 0)
    await runAll([left, right, join], { concurrency: 4 })
    expect(started['d/join']?.sort()).toEqual(['d/left', 'd/right'])
  })

  it('retries an asset per its policy, recording each failed attempt', async () => {
    let attempts = 0
    const flaky = defineAsset({
      key: 'r/flaky',
      schema: nSchema,
      storage: 'duckdb',
      retry: { maxRetries: 2, delayMs: 10, backoff: 'exponential' },
      materialize: () => {
        attempts += 1
        if (attempts === 1) throw new Error('connection reset by peer')
        return rows()
      },
    })
    const result = await runAll([flaky])
    expect(result.status).toBe('success')
    expect(result.assets[0]).toMatchObject({ outcome: 'materialized', attempts: 2 })
    const events = await storedEvents(instance, result.runId)
    expect(
      events.filter((e) => e.type === 'step_started').map((e) => 'attempt' in e && e.attempt),
    ).toEqual([1, 2])
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'step_failed', attempt: 1, willRetry: true }),
    )
  })

  it('fails after the last retry, with willRetry false on the last attempt', async () => {
    let attempts = 0
    const broken = defineAsset({
      key: 'r/broken',
      schema: nSchema,
      storage: 'duckdb',
      retry: { maxRetries: 1 },
      materialize: () => {
        attempts += 1
        throw new Error('always broken')
      },
    })
    const result = await runAll([broken])
    expect(attempts).toBe(2)
    expect(result.assets[0]).toMatchObject({
      outcome: 'failed',
      attempts: 2,
      error: { code: 'USER_CODE_FAILED' },
    })
    const failures = (await storedEvents(instance, result.runId)).filter(
      (e) => e.type === 'step_failed',
    )
    expect(failures.map((e) => e.type === 'step_failed' && e.willRetry)).toEqual([true, false])
  })

  it('cancels: running steps see the signal, nothing new starts, the rest is skipped as canceled', async () => {
    const controller = new AbortController()
    let sawAbort = false
    const first = defineAsset({
      key: 'c/first',
      schema: nSchema,
      storage: 'duckdb',
      materialize: async ({ signal }) => {
        controller.abort()
        sawAbort = signal.aborted
        return rows()
      },
    })
    const second = defineAsset({
      key: 'c/second',
      schema: nSchema,
      storage: 'duckdb',
      deps: { first },
      materialize: rows,
    })
    const third = defineAsset({
      key: 'c/third',
      schema: nSchema,
      storage: 'duckdb',
      deps: { second },
      materialize: rows,
    })
    const result = await runAll([first, second, third], { signal: controller.signal })
    expect(sawAbort).toBe(true)
    expect(result.status).toBe('canceled')
    expect(result.assets.map((a) => [a.key, a.outcome, a.reason ?? null])).toEqual([
      ['c/first', 'materialized', null],
      ['c/second', 'skipped', 'canceled'],
      ['c/third', 'skipped', 'canceled'],
    ])
    expect((await instance.store.getRun(result.runId))?.status).toBe('canceled')
    const events = await storedEvents(instance, result.runId)
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', status: 'canceled' })
  })

  it('records a step that fails because it was canceled as canceled', async () => {
    const controller = new AbortController()
    const waits = defineAsset({
      key: 'c/waits',
      schema: nSchema,
      storage: 'duckdb',
      materialize: ({ signal }) =>
        new Promise<undefined>((_, reject) => {
          signal.addEventListener('abort', () => reject(new Error('aborted by the run')))
          setTimeout(() => controller.abort(), 30)
        }),
    })
    const result = await runAll([waits], { signal: controller.signal })
    expect(result.status).toBe('canceled')
    expect(result.assets[0]).toMatchObject({ outcome: 'canceled', error: { code: 'RUN_CANCELED' } })
  })

  it('fails a step with ASSET_LOCKED naming the holder when lockWait is fail', async () => {
    await instance.store.tryLockAsset('l/held', 'other-run')
    const held = defineAsset({
      key: 'l/held',
      schema: nSchema,
      storage: 'duckdb',
      materialize: rows,
    })
    const result = await runAll([held], { lockWait: 'fail' })
    expect(result.assets[0]).toMatchObject({ outcome: 'failed', error: { code: 'ASSET_LOCKED' } })
    expect(result.assets[0]?.error?.message).toContain('other-run')
  })

  it('waits for the holder of a lock, saying who it waits for, then materializes', async () => {
    await instance.store.tryLockAsset('l/held', 'other-run')
    setTimeout(() => void instance.store.unlockAsset('l/held', 'other-run'), 150)
    const held = defineAsset({
      key: 'l/held',
      schema: nSchema,
      storage: 'duckdb',
      materialize: rows,
    })
    const result = await runAll([held])
    expect(result.assets[0]?.outcome).toBe('materialized')
    const waiting = (await storedEvents(instance, result.runId)).filter(
      (e) => e.type === 'step_waiting',
    )
    expect(waiting).toMatchObject([
      {
        key: 'l/held',
        heldByRunId: 'other-run',
        message: 'waiting for run other-run, which is materializing l/held',
      },
    ])
    expect(await instance.store.listLocks()).toEqual([])
  })
})
