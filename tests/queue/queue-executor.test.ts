import { cpSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateData } from '../../assets/generator/generate-data.js'
import definitions from '../../assets/index.js'
import type { MedallionConfig } from '../../framework/config/config-schema.js'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import type { RunEvent } from '../../framework/events/event-types.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { materialize } from '../../framework/services/materialize.js'
import { failures, openTestPipeline, type TestPipeline } from '../assets/pipeline-harness.js'
import {
  findPostgres,
  type PostgresServer,
  startPostgresServer,
} from '../helpers/postgres-server.js'
import { findRedis, type RedisServer, startRedisServer } from '../helpers/redis-server.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { startWorkers, stopWorkers, type WorkerProcess } from './worker-processes.js'

const redisInstall = findRedis()
const postgresInstall = findPostgres()
const skip =
  'skip' in redisInstall ? redisInstall.skip : 'skip' in postgresInstall ? postgresInstall.skip : ''
if (skip !== '') console.warn(skip)

/** The step whose worker is killed: bronze's largest, a second or more of real work. */
const VICTIM: AssetKey = 'bronze/feature_usage_events'
const GOLD = [...definitions.assets.keys()].filter((key) => key.startsWith('gold/'))
/** Short, so that a lost worker's step moves on in seconds (production default: 30 s). */
const LEASE_MS = 3_000

describe.skipIf(skip !== '')('queue executor: the PLG pipeline on three workers', () => {
  const temp = makeTempDir('medallion-queue-')
  let redis: RedisServer | undefined
  let postgres: PostgresServer | undefined
  let inProcess: TestPipeline
  let queued: TestPipeline
  let config: MedallionConfig
  let workers: WorkerProcess[] = []

  beforeAll(async () => {
    if ('binary' in redisInstall) redis = await startRedisServer(redisInstall.binary)
    if ('binDir' in postgresInstall) postgres = await startPostgresServer(postgresInstall.binDir)
    if (redis === undefined || postgres === undefined) throw new Error('servers not started')
    const raw = join(temp.dir, 'raw')
    await generateData({ users: 3_000, days: 30, seed: 11, out: raw })
    for (const name of ['in-process', 'queue'])
      cpSync(raw, join(temp.dir, name, 'raw'), { recursive: true })
    inProcess = await openTestPipeline(join(temp.dir, 'in-process'), definitions, {
      instanceStore: { kind: 'sqlite' },
      executor: { kind: 'in-process' },
    })
    config = {
      instanceStore: { kind: 'postgres', url: await postgres.createSchema() },
      executor: { kind: 'queue', redisUrl: redis.url, queue: 'plg', leaseMs: LEASE_MS },
    }
    queued = await openTestPipeline(join(temp.dir, 'queue'), definitions, config)
    workers = await startWorkers(join(temp.dir, 'project'), config, queued.dataDir, [
      'w-1',
      'w-2',
      'w-3',
    ])
  }, 180_000)

  afterAll(async () => {
    await stopWorkers(workers)
    await inProcess?.close()
    await queued?.close()
    await postgres?.stop()
    await redis?.stop()
    temp.remove()
  })

  it('runs every step on the workers, survives a worker killed mid-step, and gold matches the in-process run', async () => {
    expect(failures(await inProcess.run())).toEqual([])

    const events: RunEvent[] = []
    let killed: string | undefined
    const result = await materialize(queued.instance, definitions, {
      select: '*',
      launchedBy: 'test',
      onEvent: (event) => {
        events.push(event)
        // SIGKILL the worker as soon as it starts the victim: it dies in the middle of the step.
        if (event.type === 'step_started' && event.key === VICTIM && killed === undefined) {
          killed = event.worker
          workers.find((w) => w.name === event.worker)?.process.kill('SIGKILL')
        }
      },
    })
    const logs = workers.map((w) => `--- ${w.name}\n${w.output()}`).join('\n')
    expect(failures(result), logs).toEqual([])
    expect(result.status).toBe('success')

    // The victim started on the killed worker, then was taken over by another after the lease.
    const starts = events.filter((e) => e.type === 'step_started')
    const victimWorkers = starts.filter((e) => e.key === VICTIM).map((e) => e.worker)
    expect(killed).toMatch(/^w-[123]$/)
    expect(victimWorkers[0]).toBe(killed)
    expect(victimWorkers.at(-1)).not.toBe(killed)
    expect(events.some((e) => e.type === 'log' && e.message.includes('takes over'))).toBe(true)
    // Every step ran on a worker, and independent steps on more than one.
    expect(starts.every((e) => e.worker?.startsWith('w-'))).toBe(true)
    expect(new Set(starts.map((e) => e.worker)).size).toBeGreaterThanOrEqual(2)
    // The workers wrote their events into the shared PostgreSQL store, not only to this process.
    const stored = (await queued.instance.store.runEvents(result.runId)).map(({ event }) => event)
    const materialized = stored.flatMap((e) => (e.type === 'asset_materialized' ? [e.key] : []))
    expect(materialized).toEqual(expect.arrayContaining([...definitions.assets.keys()]))

    for (const key of GOLD) {
      expect(await queued.rows(key, 'ALL'), key).toEqual(await inProcess.rows(key, 'ALL'))
    }
    // The killed worker's half-done write left no commit behind: the table has the in-process history.
    expect(await queued.storageVersion(VICTIM)).toBe(await inProcess.storageVersion(VICTIM))
    const marks = onceMarks(queued.dataDir, result.runId)
    expect(marks.length).toBeGreaterThan(0)
    expect(marks.filter((mark, i) => marks.indexOf(mark) !== i)).toEqual([])
  }, 300_000)

  it('a cancel reaches the step a worker is running', async () => {
    const key: AssetKey = 'bronze/conversions'
    // Another run holds the asset, so the worker's step waits inside it until the cancel comes.
    expect(await queued.instance.store.tryLockAsset(key, 'blocking-run')).toBeUndefined()
    const controller = new AbortController()
    const events: RunEvent[] = []
    try {
      const result = await materialize(queued.instance, definitions, {
        select: `key:${key}+`,
        launchedBy: 'test',
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event)
          if (event.type === 'step_waiting') controller.abort()
        },
      })
      expect(result.status).toBe('canceled')
      expect(result.assets.find((a) => a.key === key)?.outcome).toBe('canceled')
      const failed = events.find((e) => e.type === 'step_failed' && e.key === key)
      expect(failed).toMatchObject({ error: { code: 'RUN_CANCELED' } })
      expect(result.assets.filter((a) => a.key !== key).every((a) => a.outcome === 'skipped')).toBe(
        true,
      )
    } finally {
      await queued.instance.store.unlockAsset(key, 'blocking-run')
    }
  }, 120_000)

  it('a worker refuses a step whose asset has another code version than the launching process', async () => {
    const key: AssetKey = 'bronze/conversions'
    const asset = definitions.assets.get(key)
    if (asset === undefined) throw new Error(`${key} is not defined`)
    // The launching process runs newer code than the workers (a deploy that skipped them).
    const newer = defineDefinitions({ assets: [{ ...asset, codeVersion: 'newer' }] })
    const result = await materialize(queued.instance, newer, {
      select: `key:${key}`,
      launchedBy: 'test',
    })
    expect(result.status).toBe('failure')
    const failed = result.assets.find((a) => a.key === key)
    expect(failed?.error?.code).toBe('WORKER_CODE_MISMATCH')
    expect(failed?.error?.message).toMatch(
      /worker w-[123] has code version 1, the run's is newer: .*Deploy the same project to every worker/,
    )
  }, 120_000)

  it('a cancel takes a step off the queue while no worker has taken it', async () => {
    // A queue no worker listens on: the step waits there until the cancel.
    const { executor } = config
    if (executor.kind !== 'queue') throw new Error('the suite configures the queue executor')
    const instance = await openInstance({
      dataDir: queued.dataDir,
      config: { ...config, executor: { ...executor, queue: 'nobody-listens' } },
    })
    const controller = new AbortController()
    const events: RunEvent[] = []
    try {
      const result = await materialize(instance, definitions, {
        select: 'key:bronze/conversions+',
        launchedBy: 'test',
        signal: controller.signal,
        onEvent: (event) => {
          events.push(event)
          // The run says no worker is listening; cancel once the step is in the queue.
          if (event.type === 'log' && event.message.includes('no worker is taking steps')) {
            setTimeout(() => controller.abort(), 200)
          }
        },
      })
      expect(result.status).toBe('canceled')
      const step = result.assets.find((a) => a.key === 'bronze/conversions')
      expect(step?.outcome).toBe('canceled')
      expect(step?.error?.message).toContain('waited in the queue for a worker')
      expect(events.some((e) => e.type === 'step_started')).toBe(false)
      expect(
        result.assets
          .filter((a) => a.key !== 'bronze/conversions')
          .every((a) => a.outcome === 'skipped'),
      ).toBe(true)
    } finally {
      await instance.close()
    }
  }, 120_000)

  it('an unreachable Redis is a QUEUE_UNAVAILABLE error naming the URL', async () => {
    const instance = await openInstance({
      dataDir: queued.dataDir,
      config: {
        instanceStore: { kind: 'sqlite' },
        executor: { kind: 'queue', redisUrl: 'redis://127.0.0.1:1', queue: 'x', leaseMs: 1000 },
      },
    })
    try {
      const error = await materialize(instance, definitions, {
        select: 'key:bronze/conversions',
        launchedBy: 'test',
      }).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'QUEUE_UNAVAILABLE' })
      expect((error as Error).message).toContain('redis://127.0.0.1:1')
    } finally {
      await instance.close()
    }
  }, 60_000)
})

/**
 * Every `txn` mark of the run's numbered writes (OutputOptions.onceId) in the commits of every
 * table, one entry per commit holding it: each must be committed once, whichever worker ran the step.
 */
function onceMarks(dataDir: string, runId: string): string[] {
  const marks: string[] = []
  for (const log of deltaLogs(dataDir)) {
    for (const file of readdirSync(log).filter((f) => f.endsWith('.json'))) {
      for (const line of readFileSync(join(log, file), 'utf8').split('\n')) {
        const txn =
          line === ''
            ? undefined
            : (JSON.parse(line) as { txn?: { appId: string; version: number } }).txn
        if (txn?.appId.startsWith(`once/medallion-run:${runId}:`)) {
          marks.push(`${log} ${txn.appId}#${txn.version}`)
        }
      }
    }
  }
  return marks
}

function deltaLogs(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isDirectory() && entry.name === '_delta_log')
    .map((entry) => join(entry.parentPath, entry.name))
}
