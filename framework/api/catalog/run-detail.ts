import type { RunRecord, StoredEvent } from '../../instance/instance-store.js'
import type { RunLauncher } from '../deps.js'
import type { RunDetail, RunSummary, StepSummary } from '../schemas.js'

/** A run record as the API lists it. */
export function runSummary(run: RunRecord, runManager: RunLauncher): RunSummary {
  return {
    runId: run.runId,
    status: run.status,
    selection: run.selection,
    keys: [...run.keys],
    launchedBy: run.launchedBy,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    cancellable: runManager.isActive(run.runId),
  }
}

type MutableStep = { -readonly [K in keyof StepSummary]: StepSummary[K] }

/**
 * Folds a run's events into one summary per asset (start, end, status, workers, checks) for the run
 * page's Gantt chart. Steps of the run's keys that have no event yet are `pending`.
 */
export function runDetail(
  run: RunRecord,
  events: readonly StoredEvent[],
  runManager: RunLauncher,
): RunDetail {
  const steps = new Map<string, MutableStep>()
  const step = (key: string): MutableStep => {
    let s = steps.get(key)
    if (s === undefined) {
      s = {
        key,
        status: 'pending',
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        attempts: 0,
        worker: null,
        workers: [],
        rowCount: null,
        message: null,
        checks: [],
      }
      steps.set(key, s)
    }
    return s
  }
  for (const key of run.keys) step(key)
  let durationMs: number | null = null
  for (const { event } of events) {
    switch (event.type) {
      case 'run_started':
        // The plan may be smaller than the selection (stale-only runs leave fresh assets out).
        for (const [key, s] of steps) {
          if (s.status === 'pending' && !event.keys.includes(key)) steps.delete(key)
        }
        break
      case 'step_started': {
        const s = step(event.key)
        s.status = 'running'
        s.startedAt ??= event.at
        s.attempts = Math.max(s.attempts, event.attempt)
        // A step handed to another worker starts again there: the last start ran it to its end.
        s.worker = event.worker ?? null
        if (event.worker !== undefined && !s.workers.includes(event.worker)) {
          s.workers.push(event.worker)
        }
        break
      }
      case 'step_waiting': {
        const s = step(event.key)
        s.status = 'waiting'
        s.message = event.message
        break
      }
      case 'asset_materialized':
        end(step(event.key), 'materialized', event.at, null)
        step(event.key).rowCount = event.rowCount
        break
      case 'step_failed':
        if (event.willRetry) break
        // A step interrupted by a cancel fails with RUN_CANCELED: show it as canceled, not failed.
        end(
          step(event.key),
          event.error.code === 'RUN_CANCELED' ? 'canceled' : 'failed',
          event.at,
          event.error.message,
        )
        break
      case 'step_skipped':
        end(
          step(event.key),
          event.reason === 'canceled' ? 'canceled' : 'skipped',
          event.at,
          event.message,
        )
        break
      case 'check_evaluated':
        step(event.key).checks.push({
          name: event.check,
          status: event.status,
          severity: event.severity,
          message: event.message ?? null,
        })
        break
      case 'run_finished':
        durationMs = event.durationMs
        break
      default:
        break
    }
  }
  return {
    run: runSummary(run, runManager),
    steps: [...steps.values()],
    durationMs,
    error: runManager.launchFailure(run.runId) ?? null,
  }
}

function end(s: MutableStep, status: StepSummary['status'], at: string, message: string | null) {
  s.status = status
  s.finishedAt = at
  s.startedAt ??= at
  s.durationMs = Date.parse(at) - Date.parse(s.startedAt)
  if (message !== null) s.message = message
}
