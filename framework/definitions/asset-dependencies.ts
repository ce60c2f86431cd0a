import { DefinitionError } from '../errors.js'
import { findCycle, topologicalOrder } from '../graph/topology.js'
import type { AssetKey } from './asset-key.js'
import { duplicateKey } from './collect-nodes.js'
import type { AssetNode } from './definitions.js'
import { didYouMean } from './did-you-mean.js'
import type { AnyAsset, AssetHandle } from './types.js'

const WHERE = 'defineDefinitions'
const NONE: readonly AssetKey[] = Object.freeze([])

/**
 * The asset graph as adjacency lists: what planning, staleness and selection walk. Every list
 * is frozen, sorted by key and names each neighbor once.
 */
export interface AssetDependencies {
  /** Every asset and source key, sorted. */
  readonly nodes: readonly AssetKey[]
  /** Direct upstreams of each key (sources and assets: every key has an entry). */
  readonly upstream: ReadonlyMap<AssetKey, readonly AssetKey[]>
  /** Direct downstreams of each key (every key has an entry). */
  readonly downstream: ReadonlyMap<AssetKey, readonly AssetKey[]>
}

/**
 * Links every asset to its dependencies, in one pass over the assets in key order. Throws on a
 * dependency that is not defined, or a handle that is a second definition of a listed key.
 */
export function linkDependencies(
  nodes: ReadonlyMap<AssetKey, AssetNode>,
  assets: ReadonlyMap<AssetKey, AnyAsset>,
): AssetDependencies {
  const keys = [...nodes.keys()].sort()
  const upstream = new Map<AssetKey, readonly AssetKey[]>()
  const downstream = new Map<AssetKey, readonly AssetKey[]>()
  for (const key of keys) {
    const asset = assets.get(key)
    if (asset === undefined) {
      upstream.set(key, NONE)
      continue
    }
    const handles: readonly AssetHandle[] = Object.values(asset.deps)
    handles.forEach((dep, i) => {
      const found = nodes.get(dep.key)
      if (found === undefined) {
        throw unknownDependency(asset, Object.keys(asset.deps)[i] as string, dep, nodes.keys())
      }
      // A handle that is another object with the same key: the asset is defined twice.
      if (dep.type !== 'reference' && found !== dep) throw duplicateKey(found, dep)
    })
    if (handles.length === 0) {
      upstream.set(key, NONE)
      continue
    }
    const parents = sortedOnce(handles.map((dep) => dep.key))
    upstream.set(key, Object.freeze(parents))
    for (const parent of parents) {
      // Keys are visited in order, so each downstream list is built sorted; it is frozen below.
      const children = downstream.get(parent) as AssetKey[] | undefined
      if (children === undefined) downstream.set(parent, [key])
      else children.push(key)
    }
  }
  for (const key of keys) {
    const children = downstream.get(key)
    if (children === undefined) downstream.set(key, NONE)
    else Object.freeze(children)
  }
  return { nodes: keys, upstream, downstream }
}

/**
 * `keys` sorted, each once (two inputs may read one dependency: it is one edge), in place. The
 * lists are short: an insertion sort, as Array#sort allocates more work space than they hold.
 */
function sortedOnce(keys: AssetKey[]): AssetKey[] {
  let length = 0
  for (const key of keys) {
    let at = length
    while (at > 0 && (keys[at - 1] as AssetKey) > key) at--
    if (keys[at - 1] === key) continue
    for (let i = length; i > at; i--) keys[i] = keys[i - 1] as AssetKey
    keys[at] = key
    length++
  }
  keys.length = length
  return keys
}

/** Every key, upstream first (ties by key); throws GRAPH_CYCLE naming the cycle if there is one. */
export function orderOf(dependencies: AssetDependencies): AssetKey[] {
  const graph = {
    nodes: dependencies.nodes,
    successors: (key: string) =>
      dependencies.downstream.get(key as AssetKey) as readonly AssetKey[],
    inDegree: (key: string) =>
      (dependencies.upstream.get(key as AssetKey) as readonly AssetKey[]).length,
  }
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
