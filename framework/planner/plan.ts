import type { AssetKey } from '../definitions/asset-key.js'

/** One asset to materialize (its checks run right after it). */
export interface PlanStep {
  readonly key: AssetKey
  /** Steps of this plan that must succeed before this one starts. */
  readonly upstream: readonly AssetKey[]
  /** Steps of this plan that wait for this one. */
  readonly downstream: readonly AssetKey[]
  /** Sources this asset reads; the run observes them before any step starts. */
  readonly sources: readonly AssetKey[]
}

/** What a run will do: observe `sources`, then materialize `steps` in order. */
export interface Plan {
  /** Sources to observe: those selected and those the steps read, in topological order. */
  readonly sources: readonly AssetKey[]
  /** Assets to materialize, upstream before downstream. */
  readonly steps: readonly PlanStep[]
  /** Every key the plan touches (sources, then steps): the run record's `keys`. */
  readonly keys: readonly AssetKey[]
}
