import { randomUUID } from 'node:crypto'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { RunEvent } from '../events/event-types.js'
import type { Instance } from '../instance/instance.js'
import { evaluateChecks } from './check-step.js'
import { RunEvents } from './run-events.js'
import { finishRun, startRun } from './run-lifecycle.js'
import type { CheckOutcome, RunResult } from './run-result.js'

export interface RunChecksOptions {
  readonly runId?: string
  readonly selection: string
  readonly launchedBy: string
  readonly onEvent?: (event: RunEvent) => void
  /** Aborting stops before the next asset's checks. */
  readonly signal?: AbortSignal
}

/**
 * `medallion check`: evaluates the checks of the selected assets on their tables as they are now,
 * as a run holding only check events. Nothing is materialized and no lock is taken (checks only
 * read). The run fails when an error-severity check fails or errors; warnings do not fail it.
 */
export async function runChecks(
  instance: Instance,
  definitions: Definitions,
  keys: ReadonlySet<AssetKey>,
  options: RunChecksOptions,
): Promise<RunResult> {
  const runId = options.runId ?? randomUUID()
  const startedAt = performance.now()
  const events = new RunEvents(instance.store, options.onEvent)
  const assets = definitions.order.filter(
    (key) => keys.has(key) && (definitions.checks.get(key)?.length ?? 0) > 0,
  )
  await startRun(instance.store, events, { runId, plan: { keys: assets }, ...options })
  const checks: CheckOutcome[] = []
  let canceled = false
  try {
    for (const key of assets) {
      if (options.signal?.aborted === true) {
        canceled = true
        break
      }
      const asset = definitions.assets.get(key)
      if (asset === undefined) continue
      const connection = await instance.connect()
      try {
        const env = { runId, instance, events }
        const result = await evaluateChecks(
          env,
          asset,
          definitions.checks.get(key) ?? [],
          connection,
        )
        checks.push(...result.outcomes)
      } finally {
        connection.closeSync()
      }
    }
  } catch (error) {
    await finishRun(instance.store, events, runId, 'failure', performance.now() - startedAt).catch(
      () => undefined,
    )
    throw error
  }
  const failed = checks.some((check) => check.severity === 'error' && check.status !== 'passed')
  const status = canceled ? 'canceled' : failed ? 'failure' : 'success'
  const durationMs = performance.now() - startedAt
  await finishRun(instance.store, events, runId, status, durationMs)
  return { runId, status, durationMs, assets: [], checks }
}
