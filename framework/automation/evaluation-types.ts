import type { AssetKey } from '../definitions/asset-key.js'
import type { MaterializationFacts } from '../staleness/stale-types.js'

/** What an asset's last request already covered, so the same change never triggers it twice. */
export interface AssetCursor {
  /** When the daemon first evaluated the asset (ISO): cron ticks before it do not count. */
  readonly since: string
  /** Data version of each upstream (asset or source) that a request of this asset covered. */
  readonly handled: Readonly<Record<string, string>>
  /** Code version of the last request. */
  readonly codeVersion?: string
  /** Requested while missing: `missing` stays false until the asset is materialized. */
  readonly missingHandled?: boolean
  /** Newest cron tick (ISO) a request covered, by `timezone|cron`. */
  readonly cronTicks?: Readonly<Record<string, string>>
}

/** Everything `evaluate` reads: the latest recorded facts, gathered in one batched read per kind. */
export interface AutomationState {
  /** Latest materialization of each asset. */
  readonly materializations: ReadonlyMap<AssetKey, MaterializationFacts & { readonly at: string }>
  /** Current data version of each source (fresh observations). */
  readonly sources: ReadonlyMap<AssetKey, { readonly dataVersion: string }>
  /** Assets a run is materializing (or will, in a run already launched). */
  readonly inProgress: ReadonlySet<AssetKey>
  /** Assets whose automation is switched off. */
  readonly disabled: ReadonlySet<AssetKey>
  readonly cursors: ReadonlyMap<AssetKey, AssetCursor>
}

/** One node of an evaluated condition tree: serializable, shown by the UI and the CLI. */
export interface ConditionEvaluation {
  readonly label: string
  readonly value: boolean
  /** What made it true or false, for people (e.g. which upstream has new data). */
  readonly detail?: string
  readonly children?: readonly ConditionEvaluation[]
}

/**
 * Why an asset was or was not requested: its condition was true and it was requested; its
 * condition was false; or it was true but the asset is being materialized or switched off.
 */
export type EvaluationOutcome = 'requested' | 'false' | 'in_progress' | 'disabled'

export interface AssetEvaluation {
  readonly key: AssetKey
  readonly outcome: EvaluationOutcome
  readonly condition: ConditionEvaluation
}

export interface EvaluationResult {
  /** Every asset with a policy, in topological order. */
  readonly evaluations: ReadonlyMap<AssetKey, AssetEvaluation>
  /** Assets to materialize, upstream before downstream. */
  readonly requested: readonly AssetKey[]
  /** Cursors that changed (requested assets, first evaluations); the daemon stores them. */
  readonly cursors: ReadonlyMap<AssetKey, AssetCursor>
}
