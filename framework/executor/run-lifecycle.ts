import type { AssetKey } from '../definitions/asset-key.js'
import type { InstanceStore } from '../instance/instance-store.js'
import { nowIso } from '../util/clock.js'
import type { RunEvents } from './run-events.js'

export interface RunStart {
  readonly runId: string
  readonly selection: string
  readonly launchedBy: string
  readonly plan: { readonly keys: readonly AssetKey[] }
}

/**
 * Records the run as running: creates it, or moves a run queued beforehand (the UI creates the
 * record first to answer with its id at once) to 'running'. Emits run_started.
 */
export async function startRun(
  store: InstanceStore,
  events: RunEvents,
  start: RunStart,
): Promise<void> {
  const at = nowIso()
  const existing = await store.getRun(start.runId)
  if (existing === undefined) {
    await store.createRun({
      runId: start.runId,
      status: 'running',
      selection: start.selection,
      keys: start.plan.keys,
      launchedBy: start.launchedBy,
      createdAt: at,
      startedAt: at,
      finishedAt: null,
    })
  } else {
    // Throws RUN_STATUS_INVALID if the run already finished (e.g. canceled while queued).
    await store.updateRunStatus(start.runId, 'running', at)
  }
  events.emit({
    type: 'run_started',
    runId: start.runId,
    at,
    selection: start.selection,
    keys: [...start.plan.keys],
  })
}

/** Emits run_finished (last), writes every pending event, then sets the run's final status. */
export async function finishRun(
  store: InstanceStore,
  events: RunEvents,
  runId: string,
  status: 'success' | 'failure' | 'canceled',
  durationMs: number,
): Promise<void> {
  const at = nowIso()
  events.emit({ type: 'run_finished', runId, at, status, durationMs })
  try {
    await events.flush()
  } finally {
    await store.updateRunStatus(runId, status, at)
  }
}
