import type { AssetKey } from '../definitions/asset-key.js'
import { FrameworkError } from '../errors.js'
import { RunStatus } from '../events/event-types.js'
import type { RunRecord } from './instance-store.js'
import { canTransition, isTerminalStatus } from './run-status.js'

/** A `runs` row as every store selects it (`keys` as JSON text). */
export interface RunRow {
  readonly run_id: string
  readonly status: string
  readonly selection: string
  readonly keys: string
  readonly launched_by: string
  readonly created_at: string
  readonly started_at: string | null
  readonly finished_at: string | null
}

export function toRunRecord(row: RunRow): RunRecord {
  return {
    runId: row.run_id,
    status: RunStatus.parse(row.status),
    selection: row.selection,
    keys: JSON.parse(row.keys) as AssetKey[],
    launchedBy: row.launched_by,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  }
}

/**
 * The start and finish times a run has after moving to `status` at `at`; throws when the run does
 * not exist or cannot move there. The caller read `current` in the transaction that writes these.
 */
export function runTimesAfter(
  runId: string,
  current: RunRow | undefined,
  status: RunStatus,
  at: string,
): { readonly startedAt: string | null; readonly finishedAt: string | null } {
  if (current === undefined) {
    throw new FrameworkError(
      'RUN_NOT_FOUND',
      `updateRunStatus: no run with id "${runId}". Create it with createRun() first.`,
    )
  }
  const from = RunStatus.parse(current.status)
  if (!canTransition(from, status)) {
    throw new FrameworkError(
      'RUN_STATUS_INVALID',
      `updateRunStatus: run "${runId}" cannot go from "${from}" to "${status}". A finished run keeps its status; start a new run instead.`,
    )
  }
  return {
    startedAt: status === 'running' ? (current.started_at ?? at) : current.started_at,
    finishedAt: isTerminalStatus(status) ? at : current.finished_at,
  }
}

export function runExistsError(runId: string): FrameworkError {
  return new FrameworkError(
    'RUN_EXISTS',
    `createRun: a run with id "${runId}" already exists. Give each run a new id (randomUUID()).`,
  )
}
