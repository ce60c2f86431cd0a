import { DirectedGraph } from 'graphology'
import { DefinitionError } from '../errors.js'
import { findCycle, topologicalOrder } from '../graph/topology.js'
import type { AssetKey } from './asset-key.js'
import { duplicateKey } from './collect-nodes.js'
import type { AssetGraph, AssetNode, AssetNodeAttributes } from './definitions.js'
import { didYouMean } from './did-you-mean.js'
import type { AnyAsset } from './types.js'

const WHERE = 'defineDefinitions'

/**
 * The asset graph: one node per asset and source, an edge from each dependency to the asset
 * that reads it. Throws on a dependency that is not defined; `orderOf` checks for cycles.
 */
export function buildAssetGraph(
  nodes: ReadonlyMap<AssetKey, AssetNode>,
  assets: ReadonlyMap<AssetKey, AnyAsset>,
): AssetGraph {
  const graph = new DirectedGraph<AssetNodeAttributes>()
  // Insert in key order so every iteration over the graph is deterministic.
  const keys = [...nodes.keys()].sort()
  for (const key of keys) graph.addNode(key, { definition: nodes.get(key) as AssetNode })
  for (const key of keys) {
    const asset = assets.get(key)
    if (asset === undefined) continue
    for (const [input, dep] of Object.entries(asset.deps)) {
      const upstream = nodes.get(dep.key)
      if (upstream === undefined) throw unknownDependency(asset, input, dep, nodes.keys())
      // A handle that is another object with the same key: the asset is defined twice.
      if (dep.type !== 'reference' && upstream !== dep) throw duplicateKey(upstream, dep)
      graph.mergeEdge(dep.key, key)
    }
  }
  return graph
}

/** Every key, upstream first (ties by key); throws GRAPH_CYCLE naming the cycle if there is one. */
export function orderOf(graph: AssetGraph): AssetKey[] {
  try {
    return topologicalOrder(graph) as AssetKey[]
  } catch (error) {
    // Sorting fails only on a cycle; look for it only then, so valid graphs are walked once.
    const cycle = findCycle(graph)
    if (cycle === undefined) throw error
    throw new DefinitionError(
      'GRAPH_CYCLE',
      `${WHERE}: assets depend on each other in a cycle: ${cycle.join(' → ')}. An asset cannot depend on itself, directly or through others: remove one of these dependencies.`,
      { hint: `Cycle: ${cycle.join(' → ')}` },
    )
  }
}

function unknownDependency(
  asset: AnyAsset,
  input: string,
  dep: { readonly type: string; readonly key: AssetKey },
  known: Iterable<AssetKey>,
): DefinitionError {
  const head = `${WHERE}: asset "${asset.key}" depends on "${dep.key}" (input "${input}")`
  if (dep.type === 'asset') {
    // The handle exists, it was just left out of the list.
    return new DefinitionError(
      'ASSET_DEP_UNKNOWN',
      `${head}, which is not in the definitions. Add it to \`assets\` in defineDefinitions().`,
      { hint: `List the asset "${dep.key}" in defineDefinitions({ assets: [...] }).` },
    )
  }
  const suggestion = didYouMean(dep.key, known)
  return new DefinitionError(
    'ASSET_DEP_UNKNOWN',
    `${head}, which is not defined.${suggestion || ' Define it, or add it to `assets` or `sources`.'}`,
    suggestion === '' ? {} : { hint: suggestion.trim() },
  )
}
