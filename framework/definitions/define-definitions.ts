import { FrameworkError } from '../errors.js'
import type { AssetKey } from './asset-key.js'
import { buildAssetGraph, orderOf } from './build-asset-graph.js'
import { collectChecks } from './collect-checks.js'
import { collectNodes } from './collect-nodes.js'
import type { AssetNode, Definitions } from './definitions.js'
import { didYouMean } from './did-you-mean.js'
import type { AnyAsset, CheckDefinition, SourceDefinition } from './types.js'

export interface DefinitionsInput {
  readonly assets: readonly AnyAsset[]
  /** Sources that no asset depends on, or listed for clarity; sources used as deps are found anyway. */
  readonly sources?: readonly SourceDefinition[]
  readonly checks?: readonly CheckDefinition[]
}

/**
 * Validates a set of assets, sources and checks and builds the asset graph: unique keys, every
 * dependency defined, no cycles, every check on an asset of the set. Throws DefinitionError
 * with a code from `ErrorCode` and a "did you mean" where one helps.
 * @example
 * export const definitions = defineDefinitions({
 *   assets: [featureReleases, userDim, featureConversionImpact],
 *   checks: [userIdUnique],
 * })
 */
export function defineDefinitions(input: DefinitionsInput): Definitions {
  const { assets, sources, nodes } = collectNodes(input.assets, input.sources ?? [])
  const graph = buildAssetGraph(nodes, assets)
  const order = Object.freeze(orderOf(graph))
  const checks = collectChecks(input.checks ?? [], assets, sources)

  const get = (key: string): AssetNode => {
    const node = nodes.get(key as AssetKey)
    if (node !== undefined) return node
    throw new FrameworkError(
      'SELECTION_UNKNOWN_KEY',
      `definitions: no asset or source has the key "${key}".${didYouMean(key, nodes.keys()) || ' Keys are "layer/name", e.g. "silver/user_dim".'}`,
    )
  }

  // Planning and staleness ask for neighbors of every key, often more than once: compute each
  // list once. The graph is not changed after this point, so the lists stay valid.
  const parents = new Map<AssetKey, readonly AssetKey[]>()
  const children = new Map<AssetKey, readonly AssetKey[]>()
  const neighbors = (cache: typeof parents, key: AssetKey, list: (node: string) => string[]) => {
    let found = cache.get(key)
    if (found === undefined) {
      found = Object.freeze(list(get(key).key).sort() as AssetKey[])
      cache.set(key, found)
    }
    return found
  }

  return Object.freeze({
    assets,
    sources,
    checks,
    graph,
    order,
    get,
    upstream: (key: AssetKey) => neighbors(parents, key, (node) => graph.inNeighbors(node)),
    downstream: (key: AssetKey) => neighbors(children, key, (node) => graph.outNeighbors(node)),
  })
}
