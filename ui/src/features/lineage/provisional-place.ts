import type { Box, Placement, Placer } from './placement.js'
import { SPACING } from './placement.js'

/**
 * A stand-in placement while dagre runs in a worker: each box in the column of its topological
 * generation (longest path from a root), stacked in input order. Linear time, so the graph paints
 * at once; dagre's layout replaces it when ready. Boxes on a cycle (possible between groups) go
 * one column past the last generation.
 */
export const provisionalPlace: Placer = (nodes, edges): Placement => {
  const generation = generations(
    nodes.map((node) => node.id),
    edges,
  )
  const columns: (typeof nodes)[number][][] = []
  for (const node of nodes) {
    const gen = generation.get(node.id) ?? 0
    const column = columns[gen] ?? []
    column.push(node)
    columns[gen] = column
  }
  const at = new Map<string, Box>()
  let x = 0
  let height = 0
  for (const column of columns) {
    if (!column) continue
    let y = 0
    let width = 0
    for (const node of column) {
      at.set(node.id, { x, y, width: node.width, height: node.height })
      y += node.height + SPACING.nodesep
      width = Math.max(width, node.width)
    }
    height = Math.max(height, y - SPACING.nodesep)
    x += width + SPACING.ranksep
  }
  return { width: Math.max(0, x - SPACING.ranksep), height, at }
}

/** Longest-path generation of each id (Kahn's order); ids left on a cycle get one past the last. */
function generations(
  ids: readonly string[],
  edges: readonly { from: string; to: string }[],
): Map<string, number> {
  const known = new Set(ids)
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]))
  const next = new Map<string, string[]>()
  for (const { from, to } of edges) {
    if (!known.has(from) || !known.has(to) || from === to) continue
    indegree.set(to, (indegree.get(to) ?? 0) + 1)
    const list = next.get(from)
    if (list) list.push(to)
    else next.set(from, [to])
  }
  const generation = new Map<string, number>()
  const queue = ids.filter((id) => indegree.get(id) === 0)
  for (const id of queue) generation.set(id, 0)
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string
    const gen = generation.get(id) ?? 0
    for (const to of next.get(id) ?? []) {
      generation.set(to, Math.max(generation.get(to) ?? 0, gen + 1))
      const left = (indegree.get(to) ?? 1) - 1
      indegree.set(to, left)
      if (left === 0) queue.push(to)
    }
  }
  const last = Math.max(0, ...generation.values())
  const ordered = new Set(queue)
  for (const id of ids) if (!ordered.has(id)) generation.set(id, last + 1)
  return generation
}
