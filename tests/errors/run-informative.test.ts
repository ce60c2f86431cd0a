import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineCheck } from '../../framework/definitions/define-check.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset, CheckDefinition, CheckResult } from '../../framework/definitions/types.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import { runUserCode } from '../../framework/executor/user-code.js'
import type { Instance } from '../../framework/instance/instance.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { observeSource } from '../../framework/sources/observe-source.js'
import { describeCause } from '../../framework/staleness/describe-cause.js'
import { nSchema, openTestInstance, storedEvents } from '../executor/harness.js'

// Only the helpful parts of messages: the asset named, the command that fixes it, the holder run.

describe('run errors are informative', () => {
  let instance: Instance
  let dispose: () => Promise<void>
  beforeEach(async () => {
    ;({ instance, dispose } = await openTestInstance())
  })
  afterEach(async () => dispose())

  const run = (
    assets: AnyAsset[],
    checks: CheckDefinition[] = [],
    lockWait: 'wait' | 'fail' = 'wait',
  ) => {
    const definitions = defineDefinitions({ assets, checks })
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    return executeRun(instance, definitions, plan, { selection: '*', launchedBy: 'test', lockWait })
  }

  it('a failing materialize names the asset, keeps the cause, and says how to retry only it', async () => {
    const original = new Error('Binder Error: column "usr_id" not found')
    const wrapped = await runUserCode({ kind: 'materialize', key: 'silver/user_dim' }, () => {
      throw original
    }).catch((error: unknown) => error as Error & { code: string; hint?: string })
    expect(wrapped.code).toBe('USER_CODE_FAILED')
    expect(wrapped.cause).toBe(original)
    expect(wrapped.message).toContain('materialize "silver/user_dim"')
    expect(wrapped.message).toContain('column "usr_id" not found')
    expect(wrapped.message).toContain('medallion materialize --select key:silver/user_dim')
  })

  it('SQL that fails in storage is reported against the asset with the retry command', async () => {
    const bad = defineAsset({
      key: 'silver/bad',
      schema: nSchema,
      storage: 'duckdb',
      materialize: () => sql`select no_such_column as n`,
    })
    const result = await run([bad])
    const error = result.assets[0]?.error
    expect(error?.code).toBe('USER_CODE_FAILED')
    expect(error?.message).toContain('no_such_column')
    expect(error?.message).toContain('medallion materialize --select key:silver/bad')
  })

  it('a check that throws names the check and how to run only its checks', async () => {
    const a = defineAsset({
      key: 'x/a',
      schema: nSchema,
      storage: 'duckdb',
      materialize: () => sql`select 1 as n`,
    })
    const check = defineCheck({
      asset: a,
      name: 'explodes',
      evaluate: (): CheckResult => {
        throw new Error('boom')
      },
    })
    const result = await run([a], [check])
    expect(result.checks[0]?.message).toContain('check "x/a:explodes"')
    expect(result.checks[0]?.message).toContain('boom')
    expect(result.checks[0]?.message).toContain('medallion check --select key:x/a')
  })

  it('a skipped step names the failed upstream, the root cause and the command to rebuild from it', async () => {
    const a = defineAsset({
      key: 'x/a',
      schema: nSchema,
      storage: 'duckdb',
      materialize: () => {
        throw new Error('nope')
      },
    })
    const b = defineAsset({
      key: 'x/b',
      schema: nSchema,
      storage: 'duckdb',
      deps: { a },
      materialize: () => sql`select 1 as n`,
    })
    const c = defineAsset({
      key: 'x/c',
      schema: nSchema,
      storage: 'duckdb',
      deps: { b },
      materialize: () => sql`select 1 as n`,
    })
    const result = await run([a, b, c])
    const skipped = (await storedEvents(instance, result.runId)).filter(
      (e) => e.type === 'step_skipped',
    )
    const [first, second] = skipped.map((e) => (e.type === 'step_skipped' ? e.message : ''))
    expect(first).toContain('upstream x/a failed')
    expect(second).toContain('upstream x/b was skipped')
    expect(second).toContain('x/a')
    expect(second).toContain('medallion materialize --select key:x/a+')
  })

  it('a blocking check names the check in the skip message', async () => {
    const a = defineAsset({
      key: 'x/a',
      schema: nSchema,
      storage: 'duckdb',
      materialize: () => sql`select 1 as n`,
    })
    const b = defineAsset({
      key: 'x/b',
      schema: nSchema,
      storage: 'duckdb',
      deps: { a },
      materialize: () => sql`select 1 as n`,
    })
    const check = defineCheck({
      asset: a,
      name: 'has_rows',
      blocking: true,
      evaluate: () => ({ passed: false, message: 'empty', metadata: {} }),
    })
    const result = await run([a, b], [check])
    expect(result.assets[1]?.message).toContain('blocking check x/a:has_rows')
  })

  it('ASSET_LOCKED names the run holding the asset and what to do', async () => {
    await instance.store.tryLockAsset('x/a', 'run-holding-it')
    const a = defineAsset({
      key: 'x/a',
      schema: nSchema,
      storage: 'duckdb',
      materialize: () => sql`select 1 as n`,
    })
    const result = await run([a], [], 'fail')
    const message = result.assets[0]?.error?.message ?? ''
    expect(message).toContain('run run-holding-it')
    expect(message).toContain('materialize "x/a"')
    expect(message).toContain('Wait for that run to finish')
  })

  it('an input never materialized says to materialize it with its upstream', async () => {
    const a = defineAsset({
      key: 'x/a',
      schema: nSchema,
      storage: 'duckdb',
      materialize: () => sql`select 1 as n`,
    })
    const b = defineAsset({
      key: 'x/b',
      schema: nSchema,
      storage: 'duckdb',
      deps: { a },
      materialize: () => sql`select 1 as n`,
    })
    const definitions = defineDefinitions({ assets: [a, b] })
    const plan = buildPlan(definitions, new Set(['x/b'] as const))
    const result = await executeRun(instance, definitions, plan, {
      selection: 'key:x/b',
      launchedBy: 'test',
    })
    expect(result.assets[0]?.error?.message).toContain('"x/a" has never been materialized')
    expect(result.assets[0]?.error?.message).toContain('medallion materialize --select +key:x/b')
  })

  it('a missing source names the path and how to generate the data', async () => {
    rmSync(join(instance.dataDir, 'raw'), { recursive: true, force: true })
    const source = defineSource({ key: 'raw/signups', path: 'raw/user_signups.jsonl' })
    const error = await observeSource(instance.dataDir, source).then(
      () => new Error('observeSource should have thrown'),
      (e: unknown) => e as Error,
    )
    expect(error.message).toContain(join(instance.dataDir, 'raw/user_signups.jsonl'))
    expect(error.message).toContain('npm run generate-data')
  })
})

describe('describeCause', () => {
  it('says what changed, from what to what, and where staleness starts', () => {
    expect(describeCause({ category: 'code', key: 'x/a', from: '1', to: '2' })).toBe(
      'code version changed from "1" to "2"',
    )
    expect(describeCause({ category: 'missing', key: 'x/a' })).toBe(
      'x/a has never been materialized',
    )
    expect(
      describeCause({
        category: 'source',
        key: 'x/a',
        source: 'raw/s',
        builtFrom: 'aaaaaaaaaa',
        current: 'bbbbbbbbbb',
      }),
    ).toBe('source raw/s changed (files fingerprint aaaaaaaa → bbbbbbbb)')
    expect(
      describeCause({
        category: 'data',
        key: 'x/b',
        dependency: 'x/a',
        builtFrom: 'aaaaaaaaaa',
        current: 'bbbbbbbbbb',
      }),
    ).toBe('upstream x/a has newer data (built from aaaaaaaa, now bbbbbbbb)')
    expect(
      describeCause({
        category: 'dependency',
        key: 'x/c',
        dependency: 'x/b',
        dependencyStatus: 'stale',
        rootCause: 'x/a',
        path: ['x/b', 'x/a'],
      }),
    ).toBe('upstream x/b is stale, because of x/a (x/a → x/b)')
  })
})
