// This file imports nothing from definitions/ on purpose: defineDefinitions uses it to validate
// the graph it builds, and a runtime import back into definitions/ would make a module cycle.

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** What sorting and the cycle search read of a directed graph. */
export interface AdjacencyLists {
  /** Every node, sorted by key. */
  readonly nodes: readonly string[]
  /** The nodes `node` has an edge to, each once, sorted by key. */
  successors(node: string): readonly string[]
  /** How many nodes have an edge to `node`. */
  inDegree(node: string): number
}

/**
 * Nodes grouped by generation (a node is one generation after its deepest parent), each
 * generation sorted: every node of a generation can run once all earlier generations are done.
 * Nodes on or behind a cycle are left out; `topologicalOrder` says so.
 */
export function sortedGenerations(graph: AdjacencyLists): string[][] {
  // Kahn's algorithm, one generation per round: linear in nodes + edges, plus the sorts. Counts
  // live in an array by node index, so an edge costs one map lookup.
  const indexOf = new Map<string, number>()
  const waitingFor = new Int32Array(graph.nodes.length)
  graph.nodes.forEach((node, i) => {
    indexOf.set(node, i)
    waitingFor[i] = graph.inDegree(node)
  })
  // `nodes` is sorted, so the first generation is too.
  let generation = graph.nodes.filter((_, i) => waitingFor[i] === 0)
  const generations: string[][] = []
  while (generation.length > 0) {
    generations.push(generation)
    const next: string[] = []
    for (const node of generation) {
      for (const child of graph.successors(node)) {
        const i = indexOf.get(child) as number
        waitingFor[i] = (waitingFor[i] as number) - 1
        if (waitingFor[i] === 0) next.push(child)
      }
    }
    generation = next.sort(byText)
  }
  return generations
}

/**
 * Upstream before downstream; deterministic: within a generation, nodes are ordered by key.
 * Throws on a cycle; call `findCycle` to name it.
 */
export function topologicalOrder(graph: AdjacencyLists): string[] {
  const order = sortedGenerations(graph).flat()
  if (order.length < graph.nodes.length) {
    throw new Error('topologicalOrder: the graph has a cycle, so it has no topological order.')
  }
  return order
}

/**
 * One cycle of the graph as a closed path (`['a', 'b', 'a']`), following edge direction and
 * starting at its smallest node so the same graph always reports the same cycle; undefined if
 * the graph is acyclic.
 */
export function findCycle(graph: AdjacencyLists): string[] | undefined {
  const cycle = searchCycle(graph)
  return cycle === undefined ? undefined : rotateToSmallest(cycle)
}

// Iterative DFS (deep chains of 50,000 assets would overflow a recursive one). A grey node is on
// the current path, so an edge to a grey node closes a cycle.
function searchCycle(graph: AdjacencyLists): string[] | undefined {
  const state = new Map<string, 'grey' | 'black'>()
  for (const start of graph.nodes) {
    if (state.has(start)) continue
    const path: string[] = [start]
    // For each node on the path, the index of its next successor to visit.
    const cursors: number[] = [0]
    state.set(start, 'grey')
    while (path.length > 0) {
      const top = path.length - 1
      const next = graph.successors(path[top] as string)[cursors[top] as number]
      if (next === undefined) {
        state.set(path.pop() as string, 'black')
        cursors.pop()
        continue
      }
      cursors[top] = (cursors[top] as number) + 1
      const seen = state.get(next)
      if (seen === 'grey') return [...path.slice(path.indexOf(next)), next]
      if (seen === 'black') continue
      state.set(next, 'grey')
      path.push(next)
      cursors.push(0)
    }
  }
  return undefined
}

function rotateToSmallest(cycle: string[]): string[] {
  const open = cycle.slice(0, -1)
  const smallest = [...open].sort(byText)[0] as string
  const at = open.indexOf(smallest)
  const rotated = [...open.slice(at), ...open.slice(0, at)]
  return [...rotated, smallest]
}
