import type { AssetKey } from '../definitions/asset-key.js'

/** The BullMQ job name of an asset step (the queue holds nothing else). */
export const STEP_JOB = 'asset-step'

/** The Redis pub/sub channel on which coordinators tell workers that a run was canceled. */
export function cancelChannel(queue: string): string {
  return `medallion:${queue}:cancel-run`
}

/**
 * One job per step of a run: adding it again (a coordinator retrying) finds the same job. BullMQ
 * job ids may not contain ':', which asset keys never do.
 */
export function stepJobId(runId: string, key: AssetKey): string {
  return `${runId}/${key}`
}
