import type { DaemonState } from '../../automation/daemon.js'
import { describeOutcome, summarizeEvaluation } from '../../automation/explain.js'
import type { RecordedEvaluation } from '../../automation/queries.js'
import type { AutomationTick as StoreTick } from '../../instance/automation-records.js'
import type { AutomationEvaluation, AutomationTick, DaemonStatus } from '../schemas.js'

/** A stored tick in its wire shape (arrays copied, an absent hint left out). */
export function toApiTick(tick: StoreTick): AutomationTick {
  return {
    ...tick,
    requested: [...tick.requested],
    error: tick.error === null ? null : { ...tick.error },
  }
}

/** A recorded evaluation with its outcome in words and the parts that decided it. */
export function toApiEvaluation(evaluation: RecordedEvaluation): AutomationEvaluation {
  return {
    key: evaluation.key,
    tickId: evaluation.tickId,
    outcome: evaluation.outcome,
    outcomeText: describeOutcome(evaluation.outcome),
    summary: summarizeEvaluation(evaluation.condition),
    // Plain JSON parsed from the store: the readonly tree is the wire tree.
    condition: evaluation.condition as AutomationEvaluation['condition'],
  }
}

/** What the server's daemon is doing; its own view of the global switch is left out (stale). */
export function toDaemonStatus(state: DaemonState): DaemonStatus {
  const holder = state.leaseHolder
  return {
    daemonId: state.daemonId,
    intervalMs: state.intervalMs,
    running: state.running,
    leader: state.leader,
    leaseHolder:
      holder === undefined
        ? null
        : {
            owner: holder.owner,
            host: holder.host,
            pid: holder.pid,
            acquiredAt: holder.acquiredAt,
          },
    ticks: state.ticks,
    activeRuns: state.activeRuns.map((run) => ({ runId: run.runId, keys: [...run.keys] })),
    lastError: state.lastError ?? null,
  }
}
