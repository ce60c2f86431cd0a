import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import type { Instance } from '../../framework/instance/instance.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { resolveStaleness } from '../../framework/staleness/stale-status.js'
import {
  nSchema,
  numbersSource,
  openTestInstance,
  readJson,
  storedEvents,
  writeNumbers,
} from './harness.js'

function pipeline() {
  const bronze = defineAsset({
    key: 'bronze/numbers',
    schema: nSchema,
    deps: { raw: numbersSource },
    materialize: ({ inputs }) => readJson(inputs.raw),
  })
  const silver = defineAsset({
    key: 'silver/even',
    schema: nSchema,
    storage: 'duckdb',
    deps: { numbers: bronze },
    materialize: async ({ inputs, log, addMetadata }) => {
      log.info('keeping even numbers', { modulo: 2 })
      addMetadata({ rule: 'n % 2 = 0' })
      return sql`select n from ${inputs.numbers} where n % 2 = 0`
    },
  })
  return defineDefinitions({ assets: [bronze, silver] })
}

describe('executeRun', () => {
  let instance: Instance
  let dispose: () => Promise<void>
  beforeEach(async () => {
    ;({ instance, dispose } = await openTestInstance())
    writeNumbers(instance.dataDir, 10)
  })
  afterEach(async () => dispose())

  it('observes sources, then materializes in order, recording every step as events', async () => {
    const definitions = pipeline()
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    const result = await executeRun(instance, definitions, plan, {
      selection: '*',
      launchedBy: 'test',
    })

    expect(result.status).toBe('success')
    expect(result.assets.map((a) => [a.key, a.outcome, a.attempts])).toEqual([
      ['bronze/numbers', 'materialized', 1],
      ['silver/even', 'materialized', 1],
    ])
    const events = await storedEvents(instance, result.runId)
    expect(events[0]?.type).toBe('run_started')
    expect(events.at(-1)).toMatchObject({ type: 'run_finished', status: 'success' })
    expect(events[1]).toMatchObject({ type: 'source_observed', key: 'raw/numbers', fileCount: 1 })
    const materialized = events.filter((e) => e.type === 'asset_materialized')
    expect(materialized).toMatchObject([
      { key: 'bronze/numbers', rowCount: 10, storageVersion: 0 },
      { key: 'silver/even', rowCount: 5, metadata: { rule: 'n % 2 = 0' } },
    ])
    const [bronze, silver] = materialized
    expect(silver?.type === 'asset_materialized' && silver.inputVersions).toEqual({
      'bronze/numbers': result.assets[0]?.dataVersion,
    })
    expect(bronze?.type === 'asset_materialized' && Object.keys(bronze.inputVersions)).toEqual([
      'raw/numbers',
    ])
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'log', key: 'silver/even', message: 'keeping even numbers' }),
    )
    const run = await instance.store.getRun(result.runId)
    expect(run).toMatchObject({ status: 'success', launchedBy: 'test', keys: plan.keys })
  })

  it('leaves everything fresh, and re-running on unchanged inputs keeps the same data versions', async () => {
    const definitions = pipeline()
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    const first = await executeRun(instance, definitions, plan, {
      selection: '*',
      launchedBy: 'test',
    })
    const staleness = async () =>
      resolveStaleness(definitions, {
        materializations: await instance.store.latestMaterializations(),
        sources: await instance.store.latestObservations(),
      })
    expect([...(await staleness()).values()].map((s) => s.status)).toEqual([
      'fresh',
      'fresh',
      'fresh',
    ])

    const again = await executeRun(instance, definitions, plan, {
      selection: '*',
      launchedBy: 'test',
    })
    expect(again.assets.map((a) => a.dataVersion)).toEqual(first.assets.map((a) => a.dataVersion))

    // New raw data: the source's fingerprint moves, so bronze is stale by its source.
    writeNumbers(instance.dataDir, 12)
    const onlyBronze = buildPlan(definitions, new Set<AssetKey>(['raw/numbers']))
    await executeRun(instance, definitions, onlyBronze, { selection: 'raw', launchedBy: 'test' })
    const after = await staleness()
    expect(after.get('bronze/numbers')?.causes.map((c) => c.category)).toEqual(['source'])
    expect(after.get('silver/even')?.causes.map((c) => c.category)).toEqual(['dependency'])
  })

  it('reads an upstream outside the plan at its latest data version', async () => {
    const definitions = pipeline()
    const all = await executeRun(
      instance,
      definitions,
      buildPlan(definitions, new Set(definitions.assets.keys())),
      {
        selection: '*',
        launchedBy: 'test',
      },
    )
    const plan = buildPlan(definitions, new Set<AssetKey>(['silver/even']))
    expect(plan.steps.map((s) => s.key)).toEqual(['silver/even'])
    const result = await executeRun(instance, definitions, plan, {
      selection: 'key:silver/even',
      launchedBy: 'test',
    })
    expect(result.assets[0]?.dataVersion).toBe(all.assets[1]?.dataVersion)
  })

  it('fails a step whose source is missing with SOURCE_MISSING, without retrying', async () => {
    const { rmSync } = await import('node:fs')
    rmSync(`${instance.dataDir}/raw`, { recursive: true })
    const definitions = pipeline()
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    const result = await executeRun(instance, definitions, plan, {
      selection: '*',
      launchedBy: 'test',
    })
    expect(result.status).toBe('failure')
    expect(result.assets[0]).toMatchObject({
      outcome: 'failed',
      attempts: 1,
      error: { code: 'SOURCE_MISSING' },
    })
    expect(result.assets[1]).toMatchObject({
      outcome: 'skipped',
      reason: 'upstream_failed',
      blockedBy: 'bronze/numbers',
    })
    expect(await storedEvents(instance, result.runId)).toContainEqual(
      expect.objectContaining({ type: 'log', key: 'raw/numbers', level: 'error' }),
    )
  })

  it('fails a step whose input was never materialized with NOT_MATERIALIZED', async () => {
    const definitions = pipeline()
    const plan = buildPlan(definitions, new Set<AssetKey>(['silver/even']))
    const result = await executeRun(instance, definitions, plan, {
      selection: 'key:silver/even',
      launchedBy: 'test',
    })
    expect(result.assets[0]).toMatchObject({
      outcome: 'failed',
      error: { code: 'NOT_MATERIALIZED' },
    })
  })

  it('passes every event to onEvent as it happens, run_finished last', async () => {
    const definitions = pipeline()
    const seen: string[] = []
    await executeRun(
      instance,
      definitions,
      buildPlan(definitions, new Set(definitions.assets.keys())),
      {
        selection: '*',
        launchedBy: 'test',
        onEvent: (event) => seen.push(event.type),
      },
    )
    expect(seen[0]).toBe('run_started')
    expect(seen.at(-1)).toBe('run_finished')
    expect(seen.filter((t) => t === 'step_started')).toHaveLength(2)
  })

  it('picks up a run created beforehand as queued', async () => {
    const definitions = pipeline()
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    const at = new Date().toISOString()
    await instance.store.createRun({
      runId: 'queued-run',
      status: 'queued',
      selection: '*',
      keys: plan.keys,
      launchedBy: 'ui',
      createdAt: at,
      startedAt: null,
      finishedAt: null,
    })
    const result = await executeRun(instance, definitions, plan, {
      runId: 'queued-run',
      selection: '*',
      launchedBy: 'ui',
    })
    expect(result.runId).toBe('queued-run')
    expect((await instance.store.getRun('queued-run'))?.status).toBe('success')
  })
})
