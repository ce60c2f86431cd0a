/**
 * Automation conditions: when the daemon should materialize an asset, as a tree of plain data
 * (Dagster's AutomationCondition). Leaves test one fact about the asset; `all_of`, `any_of` and
 * `not` combine them. Being data, a condition is compared, stored and shown as it is evaluated.
 */
export type AutomationCondition = ConditionLeaf | ConditionBranch

/** A condition with the label it is shown under (a policy's name, or one the user chose). */
interface Labeled {
  readonly label?: string
}

export type ConditionLeaf = Labeled &
  (
    | {
        /** Never materialized (or wiped), and not requested since it went missing. */
        readonly type: 'missing'
      }
    | {
        /** An upstream asset or source has data this asset was not built from and no request covered. */
        readonly type: 'new_upstream_data'
      }
    | {
        /** Like `new_upstream_data`, for upstream sources only: new or changed raw files. */
        readonly type: 'new_source_files'
      }
    | {
        /** The code version differs from the one last materialized, and no request covered it. */
        readonly type: 'code_version_changed'
      }
    | {
        /** A tick of `cron` passed since the asset was last requested for one (or first evaluated). */
        readonly type: 'cron_tick_passed'
        readonly cron: string
        readonly timezone: string
      }
    | {
        /** Every upstream asset was materialized (or is requested now) since the latest tick of `cron`. */
        readonly type: 'all_upstreams_updated_since_cron'
        readonly cron: string
        readonly timezone: string
      }
    | {
        /** A run is materializing this asset. */
        readonly type: 'in_progress'
      }
    | {
        /** A run is materializing one of the asset's upstream assets. */
        readonly type: 'upstream_in_progress'
      }
    | {
        /** An upstream asset is stale or missing, and not requested in this tick. */
        readonly type: 'upstream_stale'
      }
  )

export type ConditionBranch = Labeled &
  (
    | { readonly type: 'all_of'; readonly conditions: readonly AutomationCondition[] }
    | { readonly type: 'any_of'; readonly conditions: readonly AutomationCondition[] }
    | { readonly type: 'not'; readonly condition: AutomationCondition }
  )

export type ConditionType = AutomationCondition['type']

/** True when every condition is. */
export function allOf(...conditions: AutomationCondition[]): AutomationCondition {
  return Object.freeze({ type: 'all_of', conditions: Object.freeze(conditions) })
}

/** True when any condition is, e.g. `anyOf(onCron('@daily'), newSourceFiles())`. */
export function anyOf(...conditions: AutomationCondition[]): AutomationCondition {
  return Object.freeze({ type: 'any_of', conditions: Object.freeze(conditions) })
}

/** True when `condition` is false. */
export function not(condition: AutomationCondition): AutomationCondition {
  return Object.freeze({ type: 'not', condition })
}

/** The same condition, shown under `label` in ticks and `medallion automation why`. */
export function withLabel(condition: AutomationCondition, label: string): AutomationCondition {
  return Object.freeze({ ...condition, label })
}

/** Never materialized (or wiped) and not yet requested since. */
export function missing(): AutomationCondition {
  return leaf('missing')
}

/** An upstream asset or source has data this asset has not seen (built from, or requested for). */
export function newUpstreamData(): AutomationCondition {
  return leaf('new_upstream_data')
}

/** An upstream source has new or changed files this asset has not seen. */
export function newSourceFiles(): AutomationCondition {
  return leaf('new_source_files')
}

/** The asset's code version is not the one it was last materialized (or requested) with. */
export function codeVersionChanged(): AutomationCondition {
  return leaf('code_version_changed')
}

/** A run is materializing the asset right now. */
export function inProgress(): AutomationCondition {
  return leaf('in_progress')
}

/** A run is materializing an upstream asset right now. */
export function upstreamInProgress(): AutomationCondition {
  return leaf('upstream_in_progress')
}

/** An upstream asset is stale or missing and not requested in this tick. */
export function upstreamStale(): AutomationCondition {
  return leaf('upstream_stale')
}

function leaf(
  type: Exclude<ConditionLeaf['type'], 'cron_tick_passed' | 'all_upstreams_updated_since_cron'>,
): AutomationCondition {
  return Object.freeze({ type })
}

/** How often the daemon observes a source (stats its files); see `observeEvery`. */
export interface ObservationPolicy {
  readonly type: 'observe'
  readonly intervalMs: number
}

/**
 * Observe a source every `intervalMs` instead of on every daemon tick: for folders so large that
 * listing them each tick costs too much. `defineSource({ ..., automation: observeEvery(60_000) })`.
 */
export function observeEvery(intervalMs: number): ObservationPolicy {
  return Object.freeze({ type: 'observe', intervalMs })
}
