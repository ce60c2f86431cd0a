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
  for (const key of keys) {
    // Throws SELECTION_UNKNOWN_KEY with a suggestion for a key that is not defined.
    if (!definitions.assets.has(key) && !definitions.sources.has(key)) definitions.get(key)
  }
  const { staleOnly = false, staleness } = options
  if (staleOnly && staleness === undefined) {
    throw new FrameworkError(
      'USAGE',
      'buildPlan: staleOnly needs the staleness of the assets. Pass `staleness` from resolveStaleness().',
    )
  }
  const inPlan = new Set<AssetKey>()
  for (const key of keys) {
    if (!definitions.assets.has(key)) continue
    // An asset without a staleness entry is unknown to the caller: run it rather than skip it.
    if (staleOnly && staleness?.get(key)?.status === 'fresh') continue
    inPlan.add(key)
  }

  const sourceSet = new Set<AssetKey>()
  for (const key of keys) if (definitions.sources.has(key)) sourceSet.add(key)
  const upstreamOf = new Map<AssetKey, AssetKey[]>()
  const downstreamOf = new Map<AssetKey, AssetKey[]>()
  const sourcesOf = new Map<AssetKey, AssetKey[]>()
  for (const key of inPlan) {
    const upstream: AssetKey[] = []
    const sources: AssetKey[] = []
    for (const dependency of definitions.upstream(key)) {
      if (definitions.sources.has(dependency)) {
        sources.push(dependency)
        sourceSet.add(dependency)
      } else if (inPlan.has(dependency)) {
        upstream.push(dependency)
        const list = downstreamOf.get(dependency)
        if (list === undefined) downstreamOf.set(dependency, [key])
        else list.push(key)
      }
    }
    upstreamOf.set(key, upstream)
    sourcesOf.set(key, sources)
  }

  const sources: AssetKey[] = []
  const steps: PlanStep[] = []
  for (const key of definitions.order) {
    if (sourceSet.has(key)) sources.push(key)
    else if (inPlan.has(key)) {
      steps.push({
        key,
        upstream: upstreamOf.get(key) ?? [],
        downstream: downstreamOf.get(key) ?? [],
        sources: sourcesOf.get(key) ?? [],
      })
    }
  }
  return { sources, steps, keys: [...sources, ...steps.map((step) => step.key)] }
}
