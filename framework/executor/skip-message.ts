import { assertUnreachable } from '../errors.js'
import type { Skip } from './scheduler.js'

/** Why a step did not run, and what to do about it, for the step_skipped event. */
export function skipMessage(skip: Skip): string {
  const assetOfRoot = skip.blockedBy.split(':')[0] ?? skip.blockedBy
  const rerun = `Fix it, then run \`medallion materialize --select key:${assetOfRoot}+\` to rebuild it and everything below it.`
  switch (skip.reason) {
    case 'upstream_failed':
      return `skipped "${skip.key}": upstream ${skip.blockedBy} failed. ${rerun}`
    case 'blocked_by_check':
      return `skipped "${skip.key}": blocking check ${skip.blockedBy} did not pass on upstream ${assetOfRoot}, so its data was not passed on. ${rerun}`
    case 'upstream_skipped':
      return `skipped "${skip.key}": upstream ${skip.via} was skipped, because ${skip.blockedBy} ${skip.blockedBy.includes(':') ? 'did not pass' : 'failed'}. ${rerun}`
    case 'canceled':
      return `skipped "${skip.key}": the run was canceled before this step started.`
    default:
      return assertUnreachable(skip.reason)
  }
}
