import type { Edge, Node } from '@xyflow/react'
import type { AssetSummary } from '../../../../framework/api/schemas.js'
import {
  type AssetState,
  assetState,
  type StepFailure,
  stateDetail,
} from '../../lib/asset-state.js'
import type { LineageLayout } from './layout.js'
import { reuseEdge, reuseNode, sideHandles } from './node-reuse.js'

export interface AssetNodeData extends Record<string, unknown> {
  readonly summary: AssetSummary
  readonly state: AssetState
  readonly detail: string | null
  readonly highlighted: boolean
  readonly dimmed: boolean
}

/** How many of a group's assets are in each state, for frames and collapsed nodes. */
export type StateCounts = Partial<Record<AssetState, number>>

export interface GroupNodeData extends Record<string, unknown> {
  readonly group: string
  readonly count: number
  readonly states: StateCounts
  readonly highlighted: boolean
}

export type AssetFlowNode = Node<AssetNodeData, 'asset'>
export type GroupFrameNode = Node<GroupNodeData, 'groupFrame'>
export type GroupCollapsedNode = Node<GroupNodeData, 'groupCollapsed'>
export type LineageFlowNode = AssetFlowNode | GroupFrameNode | GroupCollapsedNode

/**
 * React Flow nodes and edges from a layout plus the live statuses. Positions come only from the
 * layout, so a status change re-creates data, never positions (no relayout per poll); nodes and
 * edges that draw the same as last time keep their objects, so React Flow skips them.
 */
export function flowElements(
  layout: LineageLayout,
  summaries: ReadonlyMap<string, AssetSummary>,
  failures: ReadonlyMap<string, StepFailure>,
  selected: ReadonlySet<string>,
): { nodes: LineageFlowNode[]; edges: Edge[] } {
  const states = new Map<string, AssetState>()
  const groupStates = new Map<string, StateCounts>()
  const groupSelected = new Set<string>()
  for (const summary of summaries.values()) {
    const state = assetState(summary, failures.get(summary.key))
    states.set(summary.key, state)
    const counts = groupStates.get(summary.group) ?? {}
    counts[state] = (counts[state] ?? 0) + 1
    groupStates.set(summary.group, counts)
    if (selected.has(summary.key)) groupSelected.add(summary.group)
  }
  const anySelected = selected.size > 0
  const nodes: LineageFlowNode[] = []
  for (const group of layout.groups) {
    if (group.collapsed) continue
    nodes.push({
      id: `frame:${group.group}`,
      type: 'groupFrame',
      position: { x: group.x, y: group.y },
      width: group.width,
      height: group.height,
      measured: { width: group.width, height: group.height },
      zIndex: -1,
      draggable: false,
      selectable: false,
      focusable: false,
      handles: [],
      data: groupData(group.group, group.count, groupStates, groupSelected),
    })
  }
  for (const node of layout.nodes) {
    const base = {
      id: node.id,
      position: { x: node.x, y: node.y },
      width: node.width,
      height: node.height,
      // Sizes and handles known up front: see sideHandles.
      measured: { width: node.width, height: node.height },
      handles: sideHandles(node.width, node.height),
      draggable: false,
    }
    if (node.kind === 'group') {
      const count = layout.groups.find((g) => g.group === node.group)?.count ?? 0
      nodes.push({
        ...base,
        type: 'groupCollapsed',
        data: groupData(node.group, count, groupStates, groupSelected),
      })
      continue
    }
    const summary = summaries.get(node.id)
    if (!summary) continue
    const state = states.get(node.id) ?? summary.status
    const highlighted = selected.has(node.id)
    nodes.push({
      ...base,
      type: 'asset',
      data: {
        summary,
        state,
        detail: stateDetail(summary, state, failures.get(node.id)),
        highlighted,
        dimmed: anySelected && !highlighted,
      },
    })
  }
  const edges: Edge[] = layout.edges.map((edge) => {
    const lit = selected.has(edge.from) && selected.has(edge.to)
    const running = states.get(edge.to) === 'running'
    const className = lit ? 'edge-lit' : anySelected ? 'edge-dim' : ''
    return {
      id: edge.id,
      source: edge.from,
      target: edge.to,
      ...(className ? { className } : {}),
      animated: running,
      ...(edge.count > 1 ? { label: String(edge.count) } : {}),
    }
  })
  return { nodes: nodes.map(reuseNode), edges: edges.map(reuseEdge) }
}

function groupData(
  group: string,
  count: number,
  groupStates: ReadonlyMap<string, StateCounts>,
  groupSelected: ReadonlySet<string>,
): GroupNodeData {
  return {
    group,
    count,
    states: groupStates.get(group) ?? {},
    highlighted: groupSelected.has(group),
  }
}
