import { type LayoutInput, type LineageLayout, layoutLineage } from './layout.js'

// Leaving the graph and coming back should not lay out 1,000 assets again: keep the last few
// layouts by graph shape. Statuses are not part of the key, so polls never miss it.
const cache = new Map<string, LineageLayout>()
const KEEP = 4

/** layoutLineage, memoized by `shape` (a string naming the nodes, groups and edges) and the folds. */
export function cachedLayout(shape: string, input: LayoutInput): LineageLayout {
  const key = `${[...input.collapsed].sort().join(',')}#${shape}`
  const hit = cache.get(key)
  if (hit) return hit
  const started = performance.now()
  const layout = layoutLineage(input)
  // Read by the scale test (and visible in the browser's performance panel).
  performance.measure('lineage-layout', { start: started, end: performance.now() })
  cache.set(key, layout)
  if (cache.size > KEEP) cache.delete(cache.keys().next().value as string)
  return layout
}
