import type { DirectedGraph } from 'graphology'
import { hasCycle, topologicalGenerations } from 'graphology-dag'

// This file imports nothing from definitions/ on purpose: defineDefinitions uses it to validate
// the graph it builds, and a runtime import back into definitions/ would make a module cycle.

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Nodes grouped by generation (a node is one generation after its deepest parent), each
 * generation sorted: every node of a generation can run once all earlier generations are done.
 * Throws graphology's error on a cycle; call `findCycle` first.
 */
export function sortedGenerations(graph: DirectedGraph): string[][] {
  return topologicalGenerations(graph).map((generation) => generation.sort(byText))
}

/** Upstream before downstream; deterministic: within a generation, nodes are ordered by key. */
export function topologicalOrder(graph: DirectedGraph): string[] {
  return sortedGenerations(graph).flat()
}

/**
 * One cycle of the graph as a closed path (`['a', 'b', 'a']`), following edge direction and
 * starting at its smallest node so the same graph always reports the same cycle; undefined if
 * the graph is acyclic.
 */
export function findCycle(graph: DirectedGraph): string[] | undefined {
  if (graph.order === 0 || !hasCycle(graph)) return undefined
  return rotateToSmallest(searchCycle(graph))
}

// Iterative DFS (deep chains of 50,000 assets would overflow a recursive one). A grey node is on
// the current path, so an edge to a grey node closes a cycle.
function searchCycle(graph: DirectedGraph): string[] {
  const state = new Map<string, 'grey' | 'black'>()
  for (const start of [...graph.nodes()].sort(byText)) {
    if (state.has(start)) continue
    const path: string[] = [start]
    const pending: string[][] = [graph.outNeighbors(start).sort(byText)]
    state.set(start, 'grey')
    while (path.length > 0) {
      const next = pending[pending.length - 1]?.shift()
      if (next === undefined) {
        state.set(path.pop() as string, 'black')
        pending.pop()
        continue
      }
      const seen = state.get(next)
      if (seen === 'grey') return [...path.slice(path.indexOf(next)), next]
      if (seen === 'black') continue
      state.set(next, 'grey')
      path.push(next)
      pending.push(graph.outNeighbors(next).sort(byText))
    }
  }
  throw new Error('findCycle: hasCycle reported a cycle that the search did not find.')
}

function rotateToSmallest(cycle: string[]): string[] {
  const open = cycle.slice(0, -1)
  const smallest = [...open].sort(byText)[0] as string
  const at = open.indexOf(smallest)
  const rotated = [...open.slice(at), ...open.slice(0, at)]
  return [...rotated, smallest]
}
