import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { FrameworkError } from '../errors.js'
import type { AssetStaleness } from '../staleness/stale-types.js'
import type { Plan, PlanStep } from './plan.js'

export interface BuildPlanOptions {
  /** Keep only assets that are not fresh (missing or stale); needs `staleness`. */
  readonly staleOnly?: boolean
  readonly staleness?: ReadonlyMap<AssetKey, AssetStaleness>
}

/** A step whose lists are still being filled. */
interface StepDraft {
  readonly key: AssetKey
  upstream: readonly AssetKey[]
  readonly downstream: AssetKey[]
  sources: readonly AssetKey[]
}

const NONE: readonly AssetKey[] = Object.freeze([])

/**
 * The plan for materializing `keys`: their assets in dependency order, each with its upstream
 * steps inside the plan, and the sources they read (sources are observed, never materialized).
 * Linear in the graph size: one pass over the definitions' topological order.
 */
export function buildPlan(
  definitions: Definitions,
  keys: ReadonlySet<AssetKey>,
  options: BuildPlanOptions = {},
): Plan {
  const { staleOnly = false, staleness } = options
  // Steps by key, in the order of `keys`: that order is the order of each step's `downstream`.
  const steps = new Map<AssetKey, StepDraft>()
  const sourceSet = new Set<AssetKey>()
  for (const key of keys) {
    if (definitions.assets.has(key)) {
      // An asset without a staleness entry is unknown to the caller: run it rather than skip it.
      if (staleOnly && staleness?.get(key)?.status === 'fresh') continue
      steps.set(key, { key, upstream: NONE, downstream: [], sources: NONE })
    } else if (definitions.sources.has(key)) sourceSet.add(key)
    // Throws SELECTION_UNKNOWN_KEY with a suggestion for a key that is not defined.
    else definitions.get(key)
  }
  if (staleOnly && staleness === undefined) {
    throw new FrameworkError(
      'USAGE',
      'buildPlan: staleOnly needs the staleness of the assets. Pass `staleness` from resolveStaleness().',
    )
  }
  const isStep = (key: AssetKey) => steps.has(key)
  const isSource = (key: AssetKey) => definitions.sources.has(key)
  for (const step of steps.values()) {
    const inputs = definitions.upstream(step.key)
    // Most steps read only steps of the plan: they share the definitions' (frozen) list rather
    // than copy it, which matters for a plan of 50,000 steps.
    step.upstream = inputs.every(isStep) ? inputs : inputs.filter(isStep)
    for (const key of step.upstream) (steps.get(key) as StepDraft).downstream.push(step.key)
    if (!inputs.some(isSource)) continue
    step.sources = inputs.filter(isSource)
    for (const key of step.sources) sourceSet.add(key)
  }

  const sources: AssetKey[] = []
  const ordered: PlanStep[] = []
  for (const key of definitions.order) {
    if (sourceSet.has(key)) sources.push(key)
    else {
      const step = steps.get(key)
      if (step !== undefined) ordered.push(step)
    }
  }
  return { sources, steps: ordered, keys: [...sources, ...ordered.map((step) => step.key)] }
}
