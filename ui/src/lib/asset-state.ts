import type { AssetSummary } from '../../../framework/api/schemas.js'

/** What a node's status pill says: the stale status, overridden by a running or failed step. */
export type AssetState = 'missing' | 'stale' | 'fresh' | 'running' | 'failed'

/** A failed step of a recent run, newer than the asset's last materialization. */
export interface StepFailure {
  readonly runId: string
  readonly at: string
  readonly message: string | null
}

/** Running wins (it is happening now), then a failure newer than the data, then staleness. */
export function assetState(summary: AssetSummary, failure: StepFailure | undefined): AssetState {
  if (summary.running) return 'running'
  if (failure && isNewer(failure.at, summary.lastMaterializedAt)) return 'failed'
  return summary.status
}

function isNewer(at: string, than: string | null): boolean {
  return than === null || Date.parse(at) > Date.parse(than)
}

/** The sentence under a status: the first stale cause, the failure, or nothing. */
export function stateDetail(
  summary: AssetSummary,
  state: AssetState,
  failure: StepFailure | undefined,
): string | null {
  if (state === 'failed') return failure?.message ?? 'The last run of this asset failed.'
  if (summary.sourceError) return summary.sourceError
  if (state === 'stale' || state === 'missing') return summary.causes[0]?.message ?? null
  return null
}
