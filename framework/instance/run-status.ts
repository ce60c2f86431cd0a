import type { RunStatus } from '../events/event-types.js'

/**
 * The statuses a run may move to from each status. A finished run never changes again, so a
 * cancel that arrives after the run succeeded cannot rewrite its outcome.
 */
const NEXT: Readonly<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['running', 'success', 'failure', 'canceled'],
  running: ['success', 'failure', 'canceled'],
  success: [],
  failure: [],
  canceled: [],
}

export function canTransition(from: RunStatus, to: RunStatus): boolean {
  return NEXT[from].includes(to)
}

export function isTerminalStatus(status: RunStatus): boolean {
  return NEXT[status].length === 0
}
