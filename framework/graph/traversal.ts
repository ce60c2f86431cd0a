import type { AssetKey } from '../definitions/asset-key.js'
import type { AssetGraph } from '../definitions/definitions.js'

/** How many levels to walk: a count (0 = none), or every level. */
export type Depth = number | 'all'

export interface WalkOptions {
  /** Levels to walk; default every level. */
  readonly depth?: Depth
  /** Keep the starting keys in the result; default true (as Dagster's `upstream()`/`downstream()`). */
  readonly includeSelf?: boolean
}

/** `keys` and the assets upstream of them (their inputs, their inputs' inputs, …). */
export function upstreamOf(
  graph: AssetGraph,
  keys: Iterable<AssetKey>,
  options: WalkOptions = {},
): Set<AssetKey> {
  return walk(graph, keys, 'up', options)
}

/** `keys` and the assets downstream of them (everything that reads them, directly or not). */
export function downstreamOf(
  graph: AssetGraph,
  keys: Iterable<AssetKey>,
  options: WalkOptions = {},
): Set<AssetKey> {
  return walk(graph, keys, 'down', options)
}

/**
 * The keys of `within` with nothing upstream of them inside `within` (Dagster's `roots()`:
 * a root may have parents outside the set). Without `within`: every key with no inputs.
 */
export function rootsOf(graph: AssetGraph, within?: ReadonlySet<AssetKey>): Set<AssetKey> {
  // The whole graph (e.g. `roots(*)`): no walk needed.
  if (within === undefined || within.size === graph.order)
    return new Set(graph.filterNodes((node) => graph.inDegree(node) === 0)) as Set<AssetKey>
  // A key is a root unless some key of the set reaches it, i.e. unless it is strictly downstream.
  const below = walk(graph, within, 'down', { includeSelf: false })
  return new Set([...within].filter((key) => !below.has(key)))
}

/**
 * The keys of `within` with nothing downstream of them inside `within` (Dagster's `sinks()`).
 * Without `within`: every key that nothing reads.
 */
export function sinksOf(graph: AssetGraph, within?: ReadonlySet<AssetKey>): Set<AssetKey> {
  // The whole graph (e.g. `sinks(*)`): no walk needed.
  if (within === undefined || within.size === graph.order)
    return new Set(graph.filterNodes((node) => graph.outDegree(node) === 0)) as Set<AssetKey>
  const above = walk(graph, within, 'up', { includeSelf: false })
  return new Set([...within].filter((key) => !above.has(key)))
}

// Breadth-first, one level per round, so `depth` counts edges from the nearest starting key.
// Each key joins a frontier at most once (a starting key at most twice), so the walk is linear
// in the edges it touches: this is what keeps planning over 50,000 assets fast.
function walk(
  graph: AssetGraph,
  keys: Iterable<AssetKey>,
  direction: 'up' | 'down',
  { depth = 'all', includeSelf = true }: WalkOptions,
): Set<AssetKey> {
  const seeds = [...new Set(keys)]
  const reached = new Set<AssetKey>()
  const limit = depth === 'all' ? Number.POSITIVE_INFINITY : depth
  let frontier = seeds
  let next: AssetKey[] = []
  // One callback for the whole walk (not one per key): this loop runs once per edge.
  const visit = (neighbor: string): void => {
    if (reached.has(neighbor as AssetKey)) return
    reached.add(neighbor as AssetKey)
    next.push(neighbor as AssetKey)
  }
  for (let level = 0; level < limit && frontier.length > 0; level++) {
    next = []
    for (const key of frontier) {
      if (direction === 'up') graph.forEachInNeighbor(key, visit)
      else graph.forEachOutNeighbor(key, visit)
    }
    frontier = next
  }
  if (includeSelf) for (const key of seeds) reached.add(key)
  return reached
}
