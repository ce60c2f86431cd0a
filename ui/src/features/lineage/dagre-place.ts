import dagre from '@dagrejs/dagre'
import type { Box, Placement, Placer } from './placement.js'
import { SPACING } from './placement.js'

/** The real layout: dagre, left to right. */
export const dagrePlace: Placer = (nodes, edges, level): Placement => {
  const graph = new dagre.graphlib.Graph()
  // tight-tree ranks ~2x faster than network-simplex for a near-identical picture inside a
  // group; the outer graph is small, so it keeps the better ranker.
  const ranker = level === 'inner' ? 'tight-tree' : 'network-simplex'
  graph.setGraph({ rankdir: 'LR', ...SPACING, marginx: 0, marginy: 0, ranker })
  graph.setDefaultEdgeLabel(() => ({}))
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height })
  for (const edge of edges) graph.setEdge(edge.from, edge.to)
  dagre.layout(graph)
  const at = new Map<string, Box>()
  for (const node of nodes) {
    // dagre gives centers; React Flow wants top-left corners.
    const { x, y } = graph.node(node.id)
    at.set(node.id, {
      x: x - node.width / 2,
      y: y - node.height / 2,
      width: node.width,
      height: node.height,
    })
  }
  const info = graph.graph()
  return { width: info.width ?? 0, height: info.height ?? 0, at }
}
