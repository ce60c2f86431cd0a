import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'

/** What a walk reads of the asset graph: `Definitions` has it. */
export type Neighbors = Pick<Definitions, 'order' | 'get' | 'upstream' | 'downstream'>

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
  graph: Neighbors,
  keys: Iterable<AssetKey>,
  options: WalkOptions = {},
): Set<AssetKey> {
  return walk(graph, keys, 'up', options)
}

/** `keys` and the assets downstream of them (everything that reads them, directly or not). */
export function downstreamOf(
  graph: Neighbors,
  keys: Iterable<AssetKey>,
  options: WalkOptions = {},
): Set<AssetKey> {
  return walk(graph, keys, 'down', options)
}

/**
 * The keys of `within` with nothing upstream of them inside `within` (Dagster's `roots()`:
 * a root may have parents outside the set). Without `within`: every key with no inputs.
 */
export function rootsOf(graph: Neighbors, within?: ReadonlySet<AssetKey>): Set<AssetKey> {
  // The whole graph (e.g. `roots(*)`): no walk needed. Roots are the first generation of the
  // order, so they come out sorted by key.
  if (within === undefined || within.size === graph.order.length)
    return new Set(graph.order.filter((key) => graph.upstream(key).length === 0))
  // A key is a root unless some key of the set reaches it, i.e. unless it is strictly downstream.
  const below = walk(graph, within, 'down', { includeSelf: false })
  return new Set([...within].filter((key) => !below.has(key)))
}

/**
 * The keys of `within` with nothing downstream of them inside `within` (Dagster's `sinks()`).
 * Without `within`: every key that nothing reads.
 */
export function sinksOf(graph: Neighbors, within?: ReadonlySet<AssetKey>): Set<AssetKey> {
  // The whole graph (e.g. `sinks(*)`): no walk needed. Sorted by key, as roots are.
  if (within === undefined || within.size === graph.order.length)
    return new Set(graph.order.filter((key) => graph.downstream(key).length === 0).sort())
  const above = walk(graph, within, 'up', { includeSelf: false })
  return new Set([...within].filter((key) => !above.has(key)))
}

// Breadth-first, one level per round, so `depth` counts edges from the nearest starting key.
// Each key joins a frontier at most once (a starting key at most twice), so the walk is linear
// in the edges it touches: this is what keeps planning over 50,000 assets fast.
function walk(
  graph: Neighbors,
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
  const visit = (neighbor: AssetKey): void => {
    if (reached.has(neighbor)) return
    reached.add(neighbor)
    next.push(neighbor)
  }
  for (let level = 0; level < limit && frontier.length > 0; level++) {
    next = []
    for (const key of frontier) {
      if (direction === 'down') {
        for (const neighbor of graph.downstream(key)) visit(neighbor)
        continue
      }
      // Up through the inputs in declaration order, not the sorted `upstream` list: the walk's
      // order is the selection's, which shows in plans (each step's `downstream`) and some output.
      const node = graph.get(key)
      if (node.type === 'asset') for (const input of Object.values(node.deps)) visit(input.key)
    }
    frontier = next
  }
  if (includeSelf) for (const key of seeds) reached.add(key)
  return reached
}
