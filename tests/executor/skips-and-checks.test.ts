import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineCheck, fail, pass } from '../../framework/definitions/define-check.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset, CheckDefinition } from '../../framework/definitions/types.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import { runChecks } from '../../framework/executor/run-checks.js'
import type { Instance } from '../../framework/instance/instance.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { nSchema, openTestInstance, storedEvents } from './harness.js'

const rows = () => sql`select 1 as n`

// x/a → x/b → x/c → x/d, and x/e on its own.
function chain(options: { failB?: boolean; checksOnA?: (a: AnyAsset) => CheckDefinition[] } = {}) {
  const a = defineAsset({ key: 'x/a', schema: nSchema, storage: 'duckdb', materialize: rows })
  const b = defineAsset({
    key: 'x/b',
    schema: nSchema,
    storage: 'duckdb',
    deps: { a },
    materialize: () => {
      if (options.failB === true) throw new Error('division by zero in x/b')
      return rows()
    },
  })
  const c = defineAsset({
    key: 'x/c',
    schema: nSchema,
    storage: 'duckdb',
    deps: { b },
    materialize: rows,
  })
  const d = defineAsset({
    key: 'x/d',
    schema: nSchema,
    storage: 'duckdb',
    deps: { c },
    materialize: rows,
  })
  const e = defineAsset({ key: 'x/e', schema: nSchema, storage: 'duckdb', materialize: rows })
  const definitions = defineDefinitions({
    assets: [a, b, c, d, e],
    checks: options.checksOnA?.(a) ?? [],
  })
  return { definitions, plan: buildPlan(definitions, new Set(definitions.assets.keys())) }
}

describe('executeRun: failures, checks and skips', () => {
  let instance: Instance
  let dispose: () => Promise<void>
  beforeEach(async () => {
    ;({ instance, dispose } = await openTestInstance())
  })
  afterEach(async () => dispose())

  const run = (setup: ReturnType<typeof chain>) =>
    executeRun(instance, setup.definitions, setup.plan, { selection: '*', launchedBy: 'test' })
  const outcomes = (result: Awaited<ReturnType<typeof run>>) =>
    Object.fromEntries(
      result.assets.map((a) => [a.key, [a.outcome, a.reason ?? null, a.blockedBy ?? null]]),
    )

  it('skips everything below a failed asset, and runs what does not depend on it', async () => {
    const result = await run(chain({ failB: true }))
    expect(result.status).toBe('failure')
    expect(outcomes(result)).toEqual({
      'x/a': ['materialized', null, null],
      'x/b': ['failed', null, null],
      'x/c': ['skipped', 'upstream_failed', 'x/b'],
      'x/d': ['skipped', 'upstream_skipped', 'x/b'],
      'x/e': ['materialized', null, null],
    })
    const failure = result.assets.find((a) => a.key === 'x/b')
    expect(failure?.error?.code).toBe('USER_CODE_FAILED')
    // The asset's own code threw: the advice points at it.
    expect(failure?.error?.message).toContain('Fix the asset, then run `medallion materialize')
    const events = await storedEvents(instance, result.runId)
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'step_skipped',
        key: 'x/d',
        reason: 'upstream_skipped',
        blockedBy: 'x/b',
      }),
    )
    expect(
      events.filter((e) => e.type === 'step_started').map((e) => 'key' in e && e.key),
    ).not.toContain('x/c')
  })

  it('skips everything below an asset whose blocking error check fails; the asset itself stays materialized', async () => {
    const result = await run(
      chain({
        checksOnA: (a) => [
          defineCheck({
            asset: a,
            name: 'never_empty',
            blocking: true,
            evaluate: () => fail('0 rows'),
          }),
        ],
      }),
    )
    expect(result.status).toBe('failure')
    expect(outcomes(result)).toMatchObject({
      'x/a': ['materialized', null, null],
      'x/b': ['skipped', 'blocked_by_check', 'x/a:never_empty'],
      'x/c': ['skipped', 'upstream_skipped', 'x/a:never_empty'],
      'x/e': ['materialized', null, null],
    })
    expect(result.checks).toMatchObject([
      {
        key: 'x/a',
        check: 'never_empty',
        status: 'failed',
        severity: 'error',
        blocking: true,
        message: '0 rows',
      },
    ])
  })

  it('does not block on a failed non-blocking check, nor on a blocking check of severity warn', async () => {
    const result = await run(
      chain({
        checksOnA: (a) => [
          defineCheck({ asset: a, name: 'soft', evaluate: () => fail('looks odd') }),
          defineCheck({
            asset: a,
            name: 'warn_only',
            severity: 'warn',
            blocking: true,
            evaluate: () => fail('meh'),
          }),
          defineCheck({ asset: a, name: 'fine', evaluate: () => pass({ rows: 1 }) }),
        ],
      }),
    )
    expect(result.status).toBe('success')
    expect(result.assets.every((a) => a.outcome === 'materialized')).toBe(true)
    expect(result.checks.map((c) => [c.check, c.status])).toEqual([
      ['soft', 'failed'],
      ['warn_only', 'failed'],
      ['fine', 'passed'],
    ])
  })

  it('records a check that throws as errored, and blocks on it when it is a blocking error check', async () => {
    const result = await run(
      chain({
        checksOnA: (a) => [
          defineCheck({
            asset: a,
            name: 'crashes',
            blocking: true,
            evaluate: async ({ queryOne, table }) => {
              await queryOne(sql`select missing_column from ${table}`)
              return pass()
            },
          }),
        ],
      }),
    )
    expect(result.checks).toMatchObject([{ check: 'crashes', status: 'errored' }])
    expect(result.checks[0]?.message).toContain('missing_column')
    expect(outcomes(result)['x/b']).toEqual(['skipped', 'blocked_by_check', 'x/a:crashes'])
    const events = await storedEvents(instance, result.runId)
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'check_evaluated',
        check: 'crashes',
        status: 'errored',
        blocking: true,
      }),
    )
  })

  it('runs checks alone on the existing tables as a run of check events only (runChecks)', async () => {
    const setup = chain({
      checksOnA: (a) => [
        defineCheck({
          asset: a,
          name: 'one_row',
          evaluate: async ({ queryOne, table }) => {
            const { rows } = await queryOne<{ rows: number }>(
              sql`select count(*)::int as rows from ${table}`,
            )
            return rows === 1 ? pass({ rows }) : fail(`${rows} rows`)
          },
        }),
      ],
    })
    const missing = await runChecks(
      instance,
      setup.definitions,
      new Set(setup.definitions.assets.keys()),
      {
        selection: '*',
        launchedBy: 'test',
      },
    )
    expect(missing.status).toBe('failure')
    expect(missing.checks[0]?.status).toBe('errored')

    await run(setup)
    const result = await runChecks(
      instance,
      setup.definitions,
      new Set(setup.definitions.assets.keys()),
      {
        selection: '*',
        launchedBy: 'test',
      },
    )
    expect(result.status).toBe('success')
    expect(result.checks).toMatchObject([{ key: 'x/a', check: 'one_row', status: 'passed' }])
    const types = (await storedEvents(instance, result.runId)).map((e) => e.type)
    expect(types).toEqual(['run_started', 'check_evaluated', 'run_finished'])
  })
})
