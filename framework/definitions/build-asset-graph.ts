import { DirectedGraph } from 'graphology'
import type { AssetDependencies } from './asset-dependencies.js'
import type { AssetKey } from './asset-key.js'
import type { AssetGraph, AssetNode, AssetNodeAttributes } from './definitions.js'
import type { AnyAsset } from './types.js'

/**
 * The asset graph as a graphology graph: one node per asset and source, an edge from each
 * dependency to the asset that reads it. `dependencies` are already validated; this only builds
 * the public view, which `defineDefinitions` does when it is first read (planning, staleness
 * and selection walk the adjacency lists, and building graphology costs more than they do).
 */
export function buildAssetGraph(
  dependencies: AssetDependencies,
  nodes: ReadonlyMap<AssetKey, AssetNode>,
  assets: ReadonlyMap<AssetKey, AnyAsset>,
): AssetGraph {
  const graph = new DirectedGraph<AssetNodeAttributes>()
  // Insert in key order so every iteration over the graph is deterministic.
  for (const key of dependencies.nodes) {
    graph.addNode(key, { definition: nodes.get(key) as AssetNode })
  }
  for (const key of dependencies.nodes) {
    const asset = assets.get(key)
    if (asset === undefined) continue
    // Edges in declaration order: graphology lists an asset's in-neighbors in this order.
    for (const dep of Object.values(asset.deps)) graph.mergeEdge(dep.key, key)
  }
  return graph
}
