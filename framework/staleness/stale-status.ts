import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { describeCause } from './describe-cause.js'
import type {
  AssetStaleness,
  LatestState,
  MaterializationFacts,
  StaleCause,
} from './stale-types.js'

const NO_CAUSES: readonly StaleCause[] = Object.freeze([])

/**
 * Staleness of every source and asset, from the latest materializations and source observations.
 * Pure and linear in nodes + edges: one pass in topological order, each asset looking only at its
 * direct upstreams. Transitive paths are not copied per asset (that is quadratic on long chains):
 * each non-fresh asset keeps the upstream that leads to its root cause, and a 'dependency' cause's
 * `path` and `message` walk those links when read.
 */
export function resolveStaleness(
  definitions: Definitions,
  latest: LatestState,
): Map<AssetKey, AssetStaleness> {
  const result = new Map<AssetKey, AssetStaleness>()
  // For a non-fresh asset: the asset where its staleness starts, and (if not itself) the next hop there.
  const rootOf = new Map<AssetKey, AssetKey>()
  const nextHop = new Map<AssetKey, AssetKey>()
  const pathFrom = (start: AssetKey): AssetKey[] => {
    const path = [start]
    for (let at = nextHop.get(start); at !== undefined; at = nextHop.get(at)) path.push(at)
    return path
  }

  for (const key of definitions.order) {
    if (!definitions.assets.has(key)) {
      result.set(key, { key, status: 'fresh', causes: NO_CAUSES })
      continue
    }
    const asset = definitions.assets.get(key)
    const materialization = latest.materializations.get(key)
    if (asset === undefined || materialization === undefined) {
      result.set(key, {
        key,
        status: 'missing',
        causes: [withMessage({ category: 'missing', key })],
      })
      rootOf.set(key, key)
      continue
    }
    const causes: StaleCause[] = []
    if (materialization.codeVersion !== asset.codeVersion) {
      causes.push(
        withMessage({
          category: 'code',
          key,
          from: materialization.codeVersion,
          to: asset.codeVersion,
        }),
      )
    }
    const dependencyCauses: StaleCause[] = []
    for (const upstream of definitions.upstream(key)) {
      if (definitions.sources.has(upstream)) {
        const cause = sourceCause(key, upstream, materialization, latest)
        if (cause !== undefined) causes.push(cause)
        continue
      }
      const cause = dataCause(key, upstream, materialization, latest)
      if (cause !== undefined) causes.push(cause)
      const upstreamState = result.get(upstream)
      if (upstreamState === undefined || upstreamState.status === 'fresh') continue
      const root = rootOf.get(upstream) ?? upstream
      dependencyCauses.push(
        new DependencyCause(key, upstream, upstreamState.status, root, pathFrom),
      )
    }
    if (causes.length === 0 && dependencyCauses.length > 0) {
      // Only inherited staleness: point at the first stale upstream's root.
      const first = dependencyCauses[0] as Extract<StaleCause, { category: 'dependency' }>
      rootOf.set(key, first.rootCause)
      nextHop.set(key, first.dependency)
    } else if (causes.length > 0) {
      rootOf.set(key, key)
    }
    causes.push(...dependencyCauses)
    if (causes.length === 0) result.set(key, { key, status: 'fresh', causes: NO_CAUSES })
    else result.set(key, { key, status: 'stale', causes })
  }
  return result
}

function sourceCause(
  key: AssetKey,
  source: AssetKey,
  materialization: MaterializationFacts,
  latest: LatestState,
): StaleCause | undefined {
  // A source never observed has no version to compare with: nothing says it changed.
  const current = latest.sources.get(source)?.dataVersion
  const builtFrom = materialization.inputVersions[source] ?? null
  if (current === undefined || current === builtFrom) return undefined
  return withMessage({ category: 'source', key, source, builtFrom, current })
}

function dataCause(
  key: AssetKey,
  dependency: AssetKey,
  materialization: MaterializationFacts,
  latest: LatestState,
): StaleCause | undefined {
  const current = latest.materializations.get(dependency)?.dataVersion
  const builtFrom = materialization.inputVersions[dependency] ?? null
  if (current === undefined || current === builtFrom) return undefined
  return withMessage({ category: 'data', key, dependency, builtFrom, current })
}

/**
 * A 'dependency' cause whose `path` and `message` are computed when read, by walking the next-hop
 * links; a class (not an object literal with getters) so a graph of 50,000 stale assets does not
 * allocate two closures per cause. `toJSON` keeps them in API responses.
 */
class DependencyCause {
  readonly category = 'dependency' as const
  private cachedPath: readonly AssetKey[] | undefined

  constructor(
    readonly key: AssetKey,
    readonly dependency: AssetKey,
    readonly dependencyStatus: 'stale' | 'missing',
    readonly rootCause: AssetKey,
    private readonly pathFrom: (start: AssetKey) => AssetKey[],
  ) {}

  get path(): readonly AssetKey[] {
    this.cachedPath ??= this.pathFrom(this.dependency)
    return this.cachedPath
  }

  get message(): string {
    return describeCause(this)
  }

  toJSON() {
    const { category, key, dependency, dependencyStatus, rootCause, path, message } = this
    return { category, key, dependency, dependencyStatus, rootCause, path, message }
  }
}

type WithoutMessage<T> = T extends unknown ? Omit<T, 'message'> : never

function withMessage(cause: WithoutMessage<StaleCause>): StaleCause {
  return { ...cause, message: describeCause(cause) } as StaleCause
}
