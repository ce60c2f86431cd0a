import { describe, expect, it } from 'vitest'
import {
  type AdjacencyLists,
  findCycle,
  sortedGenerations,
  topologicalOrder,
} from '../../framework/graph/topology.js'

function graphOf(
  edges: readonly (readonly [string, string])[],
  nodes: readonly string[] = [],
): AdjacencyLists {
  const successors = new Map<string, Set<string>>()
  const predecessors = new Map<string, Set<string>>()
  const node = (key: string) => {
    if (successors.has(key)) return
    successors.set(key, new Set())
    predecessors.set(key, new Set())
  }
  for (const key of nodes) node(key)
  for (const [from, to] of edges) {
    node(from)
    node(to)
    successors.get(from)?.add(to)
    predecessors.get(to)?.add(from)
  }
  return {
    nodes: [...successors.keys()].sort(),
    successors: (key) => [...(successors.get(key) ?? [])].sort(),
    inDegree: (key) => predecessors.get(key)?.size ?? 0,
  }
}

describe('topology', () => {
  it('groups nodes into sorted generations', () => {
    const graph = graphOf(
      [
        ['b/z', 'c/a'],
        ['a/y', 'c/a'],
        ['c/a', 'd/a'],
        ['a/y', 'd/a'],
      ],
      ['a/x'],
    )
    expect(sortedGenerations(graph)).toEqual([['a/x', 'a/y', 'b/z'], ['c/a'], ['d/a']])
    expect(topologicalOrder(graph)).toEqual(['a/x', 'a/y', 'b/z', 'c/a', 'd/a'])
  })

  it('finds no cycle in a DAG', () => {
    expect(findCycle(graphOf([['a/a', 'a/b']]))).toBeUndefined()
    expect(findCycle(graphOf([]))).toBeUndefined()
  })

  it('reports a cycle as a closed path that starts at its smallest node', () => {
    const graph = graphOf([
      ['z/start', 'm/c'],
      ['m/c', 'm/a'],
      ['m/a', 'm/b'],
      ['m/b', 'm/c'],
    ])
    expect(findCycle(graph)).toEqual(['m/a', 'm/b', 'm/c', 'm/a'])
  })

  it('reports a self-loop', () => {
    expect(findCycle(graphOf([['a/a', 'a/a']]))).toEqual(['a/a', 'a/a'])
  })

  it('searches a 50,000-node chain without overflowing the stack', () => {
    const edges: [string, string][] = []
    for (let i = 0; i < 50_000; i++) edges.push([`a/n${i}`, `a/n${i + 1}`])
    edges.push(['a/n50000', 'a/n49998'])
    expect(findCycle(graphOf(edges))).toEqual(['a/n49998', 'a/n49999', 'a/n50000', 'a/n49998'])
  })
})
