import { FrameworkError } from '../errors.js'
import { linkDependencies, orderOf } from './asset-dependencies.js'
import type { AssetKey } from './asset-key.js'
import { buildAssetGraph } from './build-asset-graph.js'
import { collectChecks } from './collect-checks.js'
import { collectNodes } from './collect-nodes.js'
import type { AssetGraph, AssetNode, Definitions } from './definitions.js'
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
  const dependencies = linkDependencies(nodes, assets)
  const order = Object.freeze(orderOf(dependencies))
  const checks = collectChecks(input.checks ?? [], assets, sources)

  const unknownKey = (key: string): never => {
    throw new FrameworkError(
      'SELECTION_UNKNOWN_KEY',
      `definitions: no asset or source has the key "${key}".${didYouMean(key, nodes.keys()) || ' Keys are "layer/name", e.g. "silver/user_dim".'}`,
    )
  }
  const get = (key: string): AssetNode => nodes.get(key as AssetKey) ?? unknownKey(key)
  // Every key has a list, so a key without one is unknown.
  const neighbors = (lists: ReadonlyMap<AssetKey, readonly AssetKey[]>, key: AssetKey) =>
    lists.get(key) ?? unknownKey(key)
  // Nothing in the framework reads graphology on the hot path: build it once, when first read.
  let graph: AssetGraph | undefined

  return Object.freeze({
    assets,
    sources,
    checks,
    get graph() {
      graph ??= buildAssetGraph(dependencies, nodes, assets)
      return graph
    },
    order,
    get,
    upstream: (key: AssetKey) => neighbors(dependencies.upstream, key),
    downstream: (key: AssetKey) => neighbors(dependencies.downstream, key),
  })
}
