import { type Edge, type NodeHandle, Position } from '@xyflow/react'
import type { LineageFlowNode } from './flow-elements.js'

// As drawn by the CSS (.react-flow__handle is 6x6, centered on the left and right edges).
const HANDLE = 6

/**
 * Where a node's two handles are, given up front (with its `measured` size). Without them React
 * Flow renders every node once to measure it, even with onlyRenderVisibleElements: 1,000 DOM
 * nodes created and thrown away at first paint, and again for each node object a poll replaces;
 * and "fit view" leaves out nodes it has not measured.
 */
export function sideHandles(width: number, height: number): NodeHandle[] {
  const y = height / 2 - HANDLE / 2
  return [
    { type: 'target', position: Position.Left, x: -HANDLE / 2, y, width: HANDLE, height: HANDLE },
    {
      type: 'source',
      position: Position.Right,
      x: width - HANDLE / 2,
      y,
      width: HANDLE,
      height: HANDLE,
    },
  ]
}

const lastNodes = new Map<string, LineageFlowNode>()
const lastEdges = new Map<string, Edge>()

/**
 * The node object from the previous call when nothing drawn has changed, else `node`. React Flow
 * compares node objects by identity: a poll that changes one status then re-renders one node.
 */
export function reuseNode(node: LineageFlowNode): LineageFlowNode {
  const last = lastNodes.get(node.id)
  if (
    last &&
    last.type === node.type &&
    last.position.x === node.position.x &&
    last.position.y === node.position.y &&
    last.width === node.width &&
    last.height === node.height &&
    shallowEqual(last.data, node.data)
  )
    return last
  lastNodes.set(node.id, node)
  return node
}

/** The edge object from the previous call when it is drawn the same, else `edge`. */
export function reuseEdge(edge: Edge): Edge {
  const last = lastEdges.get(edge.id)
  if (
    last &&
    last.source === edge.source &&
    last.target === edge.target &&
    last.className === edge.className &&
    last.animated === edge.animated &&
    last.label === edge.label &&
    last.type === edge.type
  )
    return last
  lastEdges.set(edge.id, edge)
  return edge
}

// One level deep, and one more for group state counts (a fresh object per call).
function shallowEqual(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => {
    const x = a[key]
    const y = b[key]
    if (x === y) return true
    if (key !== 'states' || typeof x !== 'object' || typeof y !== 'object' || !x || !y) return false
    return shallowEqual(x as Record<string, unknown>, y as Record<string, unknown>)
  })
}
