import type { DuckDBConnection } from '@duckdb/node-api'
import type { AnyAsset, RetryPolicy } from '../definitions/types.js'
import { errorMessage, FrameworkError, isFrameworkError } from '../errors.js'
import { nowIso } from '../util/clock.js'
import { acquireAssetLock } from './asset-lock.js'
import { type CheckStepEnv, evaluateChecks } from './check-step.js'
import { type MaterializeEnv, materializeOnce } from './materialize-once.js'
import type { CheckOutcome } from './run-result.js'
import { sleep } from './sleep.js'

export interface AssetStepEnv extends MaterializeEnv, CheckStepEnv {
  /** The queue worker running the step, recorded on `step_started`; absent in process. */
  readonly worker?: string
  readonly lockWait: 'wait' | 'fail'
  readonly lockPollMs: number
  /** Called once the asset is materialized, so downstream steps read its new data version. */
  readonly recordVersion: (key: AnyAsset['key'], dataVersion: string) => void
}

export interface AssetStepOutcome {
  readonly status: 'materialized' | 'failed' | 'canceled'
  readonly attempts: number
  readonly durationMs: number
  readonly dataVersion?: string
  readonly error?: FrameworkError
  readonly checks: readonly CheckOutcome[]
  /** `key:check` of a blocking check that did not pass: downstream must not run. */
  readonly blockedBy?: string
}

/**
 * One asset of a run: take its lock, materialize it (retrying per its policy), run its checks while
 * the lock still keeps other runs off the table, unlock. Never throws: every end is an outcome.
 */
export async function runAssetStep(env: AssetStepEnv, asset: AnyAsset): Promise<AssetStepOutcome> {
  const startedAt = performance.now()
  const end = (outcome: Omit<AssetStepOutcome, 'durationMs'>): AssetStepOutcome => ({
    ...outcome,
    durationMs: performance.now() - startedAt,
  })
  for (const handle of Object.values(asset.deps)) {
    const sourceError = env.sourceErrors.get(handle.key)
    // Retrying cannot bring a missing file back: fail at once.
    if (sourceError !== undefined) return end(failed(env, asset, 1, sourceError, false))
  }
  try {
    await acquireAssetLock(env.instance.store, asset.key, env.events, {
      runId: env.runId,
      lockWait: env.lockWait,
      pollMs: env.lockPollMs,
      signal: env.signal,
    })
  } catch (error) {
    return end(failed(env, asset, 1, error, false))
  }
  try {
    return end(await attemptAndCheck(env, asset))
  } finally {
    await env.instance.store.unlockAsset(asset.key, env.runId).catch((error: unknown) => {
      env.events.emit({
        type: 'log',
        runId: env.runId,
        at: nowIso(),
        key: asset.key,
        level: 'warn',
        message: `could not release the lock on ${asset.key} (${errorMessage(error)}); it expires when this run stops sending heartbeats`,
      })
    })
  }
}

async function attemptAndCheck(
  env: AssetStepEnv,
  asset: AnyAsset,
): Promise<Omit<AssetStepOutcome, 'durationMs'>> {
  const maxAttempts = asset.retry.maxRetries + 1
  for (let attempt = 1; ; attempt++) {
    env.events.emit({
      type: 'step_started',
      runId: env.runId,
      at: nowIso(),
      key: asset.key,
      attempt,
      ...(env.worker === undefined ? {} : { worker: env.worker }),
    })
    let connection: DuckDBConnection | undefined
    try {
      connection = await env.instance.connect()
      const dataVersion = await materializeOnce(env, asset, connection, attempt)
      env.recordVersion(asset.key, dataVersion)
      const checks = await evaluateChecks(
        env,
        asset,
        env.definitions.checks.get(asset.key) ?? [],
        connection,
      )
      return {
        status: 'materialized',
        attempts: attempt,
        dataVersion,
        checks: checks.outcomes,
        ...(checks.blockedBy === undefined ? {} : { blockedBy: checks.blockedBy }),
      }
    } catch (error) {
      const willRetry = !env.signal.aborted && attempt < maxAttempts
      const outcome = failed(env, asset, attempt, error, willRetry)
      if (!willRetry) return outcome
      await sleep(retryDelay(asset.retry, attempt), env.signal)
      if (env.signal.aborted) return { ...outcome, status: 'canceled' }
    } finally {
      connection?.closeSync()
    }
  }
}

/** Emits step_failed and returns the outcome: 'canceled' when the run's signal had aborted. */
function failed(
  env: AssetStepEnv,
  asset: AnyAsset,
  attempt: number,
  error: unknown,
  willRetry: boolean,
): Omit<AssetStepOutcome, 'durationMs'> {
  const canceled = env.signal.aborted && !willRetry
  const frameworkError = canceled ? canceledError(asset, error) : asFrameworkError(asset, error)
  env.events.emit({
    type: 'step_failed',
    runId: env.runId,
    at: nowIso(),
    key: asset.key,
    attempt,
    willRetry,
    error: {
      code: frameworkError.code,
      message: frameworkError.message,
      ...(frameworkError.hint === undefined ? {} : { hint: frameworkError.hint }),
    },
  })
  return {
    status: canceled ? 'canceled' : 'failed',
    attempts: attempt,
    error: frameworkError,
    checks: [],
  }
}

function retryDelay(policy: RetryPolicy, attempt: number): number {
  const base = policy.delayMs ?? 0
  return policy.backoff === 'exponential' ? base * 2 ** (attempt - 1) : base
}

function canceledError(asset: AnyAsset, error: unknown): FrameworkError {
  if (isFrameworkError(error) && error.code === 'RUN_CANCELED') return error
  return new FrameworkError(
    'RUN_CANCELED',
    `materialize "${asset.key}": the run was canceled while this step ran (${errorMessage(error)}).`,
    { cause: error },
  )
}

function asFrameworkError(asset: AnyAsset, error: unknown): FrameworkError {
  if (isFrameworkError(error)) return error
  // Not user code (that is wrapped already): a storage or store failure around it.
  return new FrameworkError(
    'IO_WRITE_FAILED',
    `materialize "${asset.key}": ${errorMessage(error)}. Retry with \`medallion materialize --select key:${asset.key}\`.`,
    { cause: error },
  )
}
