import type { AssetKey } from '../definitions/asset-key.js'
import type { MaterializationEvent } from '../events/event-types.js'

/** Dagster's StaleStatus: never materialized, out of date, or up to date. */
export type StaleStatus = 'missing' | 'stale' | 'fresh'

/** Why an asset is not fresh; told apart by `category`. `key` is the asset the cause belongs to. */
export type StaleCause =
  /** Never materialized (or wiped). */
  | { readonly category: 'missing'; readonly key: AssetKey; readonly message: string }
  /** The asset's code version is not the one its latest materialization ran. */
  | {
      readonly category: 'code'
      readonly key: AssetKey
      readonly from: string
      readonly to: string
      readonly message: string
    }
  /** Upstream asset `dependency` has a data version other than the one this was built from (null: not an input then). */
  | {
      readonly category: 'data'
      readonly key: AssetKey
      readonly dependency: AssetKey
      readonly builtFrom: string | null
      readonly current: string
      readonly message: string
    }
  /** Source `source`'s files changed since this was built (null: not an input then). */
  | {
      readonly category: 'source'
      readonly key: AssetKey
      readonly source: AssetKey
      readonly builtFrom: string | null
      readonly current: string
      readonly message: string
    }
  /**
   * Upstream asset `dependency` is itself stale or missing. `path` runs from `dependency` to
   * `rootCause`, the first asset on the way whose own causes are not 'dependency'.
   */
  | {
      readonly category: 'dependency'
      readonly key: AssetKey
      readonly dependency: AssetKey
      readonly dependencyStatus: 'stale' | 'missing'
      readonly rootCause: AssetKey
      readonly path: readonly AssetKey[]
      readonly message: string
    }

export type StaleCauseCategory = StaleCause['category']

/** Staleness of one asset or source (sources are always fresh: they are observed, not built). */
export interface AssetStaleness {
  readonly key: AssetKey
  readonly status: StaleStatus
  /** Every cause, direct ones first; empty when fresh. */
  readonly causes: readonly StaleCause[]
}

/** The part of a materialization event staleness reads (tests build these by hand). */
export type MaterializationFacts = Pick<
  MaterializationEvent,
  'dataVersion' | 'codeVersion' | 'inputVersions'
>

/** The latest recorded state staleness is resolved against. */
export interface LatestState {
  readonly materializations: ReadonlyMap<AssetKey, MaterializationFacts>
  /** Latest observation of each source; pass fresh `observeSource` results to see file changes now. */
  readonly sources: ReadonlyMap<AssetKey, { readonly dataVersion: string }>
}
