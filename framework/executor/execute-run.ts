import { randomUUID } from 'node:crypto'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { AnyAsset, SourceDefinition } from '../definitions/types.js'
import { FrameworkError } from '../errors.js'
import type { RunEvent } from '../events/event-types.js'
import type { Instance } from '../instance/instance.js'
import type { Plan } from '../planner/plan.js'
import { observeSources } from '../sources/observe-source.js'
import { nowIso } from '../util/clock.js'
import type { AssetStepOutcome } from './asset-step.js'
import { RunEvents } from './run-events.js'
import { finishRun, startRun } from './run-lifecycle.js'
import type { AssetOutcome, CheckOutcome, RunResult } from './run-result.js'
import { type Skip, schedule } from './scheduler.js'
import { skipMessage } from './skip-message.js'

export interface ExecuteRunOptions {
  /** Default: a new UUID. A run created beforehand as 'queued' (by the UI) is picked up. */
  readonly runId?: string
  /** The selection text the plan came from, recorded with the run. */
  readonly selection: string
  /** `cli`, `ui`, `daemon`, `test`. */
  readonly launchedBy: string
  /** Steps materializing at once (default: the executor's, 4 in process). */
  readonly concurrency?: number
  /** Aborting cancels the run: no new steps start, running ones see `ctx.signal` aborted. */
  readonly signal?: AbortSignal
  /** Sees every event as it is emitted (before it is written). */
  readonly onEvent?: (event: RunEvent) => void
  /** When another run holds an asset's lock: wait for it (default) or fail the step with ASSET_LOCKED. */
  readonly lockWait?: 'wait' | 'fail'
  /** How often a waiting step retries the lock (default 250 ms). */
  readonly lockPollMs?: number
  /** How often the run refreshes its locks' heartbeat (default 10 s; leases last 60 s). */
  readonly heartbeatMs?: number
}

/**
 * Runs a plan: observes its sources, then materializes its steps in dependency order (independent
 * ones in parallel), each followed by its checks, recording everything as events of a new run.
 * A failed asset or a blocking check that did not pass skips everything below it in the plan.
 */
export async function executeRun(
  instance: Instance,
  definitions: Definitions,
  plan: Plan,
  options: ExecuteRunOptions,
): Promise<RunResult> {
  const concurrency = options.concurrency ?? instance.steps.defaultConcurrency
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new FrameworkError(
      'USAGE',
      `executeRun: concurrency must be a whole number of 1 or more, got ${concurrency}.`,
    )
  }
  const runId = options.runId ?? randomUUID()
  const startedAt = performance.now()
  const signal = options.signal ?? new AbortController().signal
  const events = new RunEvents(instance.store, options.onEvent)
  await startRun(instance.store, events, { runId, plan, ...options })
  const heartbeat = setInterval(() => {
    instance.store.heartbeat(runId).catch(() => undefined)
  }, options.heartbeatMs ?? 10_000)
  const outcomes = new Map<AssetKey, AssetOutcome>()
  const checks: CheckOutcome[] = []
  let blocked = false
  try {
    await instance.steps.prepare()
    const sources = plan.sources.map((key) => definitions.sources.get(key) as SourceDefinition)
    const { observations, errors } = await observeSources(instance.dataDir, sources)
    for (const observation of observations.values()) {
      events.emit({
        type: 'source_observed',
        runId,
        at: nowIso(),
        key: observation.key,
        dataVersion: observation.dataVersion,
        fileCount: observation.files.length,
        bytes: observation.bytes,
      })
    }
    for (const [key, error] of errors) {
      // Steps reading the source fail with this error; the log also shows it when none does.
      events.emit({ type: 'log', runId, at: nowIso(), key, level: 'error', message: error.message })
    }
    const versions = await inputVersionsOutsidePlan(instance, definitions, plan)
    const env = {
      runId,
      instance,
      definitions,
      events,
      signal,
      observations,
      sourceErrors: errors,
      lockWait: options.lockWait ?? 'wait',
      lockPollMs: options.lockPollMs ?? 250,
      versionOf: (key: AssetKey) => versions.get(key),
      recordVersion: (key: AssetKey, version: string) => void versions.set(key, version),
    }
    await schedule(plan.steps, {
      concurrency,
      signal,
      run: async (step) => {
        const asset = definitions.assets.get(step.key) as AnyAsset
        const outcome = await instance.steps.run(env, asset)
        outcomes.set(step.key, toAssetOutcome(step.key, outcome))
        checks.push(...outcome.checks)
        if (outcome.status === 'failed') return { kind: 'failed' }
        if (outcome.status === 'canceled') return { kind: 'canceled' }
        if (outcome.blockedBy !== undefined) {
          blocked = true
          return { kind: 'blocked', by: outcome.blockedBy }
        }
        return { kind: 'succeeded' }
      },
      skip: (skip) => {
        const message = skipMessage(skip)
        outcomes.set(skip.key, skippedOutcome(skip, message))
        events.emit({
          type: 'step_skipped',
          runId,
          at: nowIso(),
          key: skip.key,
          reason: skip.reason,
          blockedBy: skip.blockedBy,
          message,
        })
      },
    })
  } catch (error) {
    // The store or the disk failed under the run (not a step): record it as failed, then rethrow.
    await finishRun(instance.store, events, runId, 'failure', performance.now() - startedAt).catch(
      () => undefined,
    )
    throw error
  } finally {
    clearInterval(heartbeat)
    instance.steps.endRun(runId)
  }
  const assets = plan.steps.map((step) => outcomes.get(step.key) as AssetOutcome)
  const status = runStatus(assets, blocked)
  const durationMs = performance.now() - startedAt
  await finishRun(instance.store, events, runId, status, durationMs)
  return { runId, status, durationMs, assets, checks }
}

function runStatus(assets: readonly AssetOutcome[], blocked: boolean): RunResult['status'] {
  if (assets.some((a) => a.outcome === 'canceled' || a.reason === 'canceled')) return 'canceled'
  if (blocked || assets.some((a) => a.outcome !== 'materialized')) return 'failure'
  return 'success'
}

/** Latest data versions of the assets the steps read but the plan does not rebuild: one query. */
async function inputVersionsOutsidePlan(
  instance: Instance,
  definitions: Definitions,
  plan: Plan,
): Promise<Map<AssetKey, string>> {
  const inPlan = new Set(plan.steps.map((step) => step.key))
  const outside = new Set<AssetKey>()
  for (const step of plan.steps) {
    for (const key of definitions.upstream(step.key)) {
      if (!inPlan.has(key) && definitions.assets.has(key)) outside.add(key)
    }
  }
  const versions = new Map<AssetKey, string>()
  if (outside.size === 0) return versions
  const latest = await instance.store.latestMaterializations([...outside])
  for (const [key, event] of latest) versions.set(key, event.dataVersion)
  return versions
}

function toAssetOutcome(key: AssetKey, outcome: AssetStepOutcome): AssetOutcome {
  const error = outcome.error
  return {
    key,
    outcome: outcome.status,
    attempts: outcome.attempts,
    durationMs: outcome.durationMs,
    ...(outcome.dataVersion === undefined ? {} : { dataVersion: outcome.dataVersion }),
    ...(outcome.status === 'canceled' ? { reason: 'canceled' as const } : {}),
    ...(outcome.blockedBy === undefined
      ? {}
      : { message: `blocking check ${outcome.blockedBy} did not pass` }),
    ...(error === undefined
      ? {}
      : {
          message: error.message,
          error: {
            code: error.code,
            message: error.message,
            ...(error.hint === undefined ? {} : { hint: error.hint }),
          },
        }),
  }
}

function skippedOutcome(skip: Skip, message: string): AssetOutcome {
  return {
    key: skip.key,
    outcome: 'skipped',
    attempts: 0,
    durationMs: 0,
    reason: skip.reason,
    blockedBy: skip.blockedBy,
    message,
  }
}
