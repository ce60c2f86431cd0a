import { dagrePlace } from './dagre-place.js'
import type { Box, Placement, Placer } from './placement.js'

export type { Box, Placement, Placer } from './placement.js'

/** What the layout needs of an asset: its key and the group its box belongs to. */
export interface LayoutInput {
  readonly nodes: readonly { readonly key: string; readonly group: string }[]
  readonly edges: readonly { readonly from: string; readonly to: string }[]
  /** Groups drawn as one node instead of a box around their assets. */
  readonly collapsed: ReadonlySet<string>
}

export interface LayoutSizes {
  readonly assetWidth: number
  readonly assetHeight: number
  /** Size of a collapsed group's node. */
  readonly groupWidth: number
  readonly groupHeight: number
}

export const DEFAULT_SIZES: LayoutSizes = {
  assetWidth: 248,
  assetHeight: 96,
  groupWidth: 248,
  groupHeight: 96,
}

export interface LaidOutNode extends Box {
  /** The asset key, or `group:<name>` for a collapsed group. */
  readonly id: string
  readonly kind: 'asset' | 'group'
  readonly group: string
}

export interface LaidOutGroup extends Box {
  readonly group: string
  readonly count: number
  readonly collapsed: boolean
}

export interface LaidOutEdge {
  readonly id: string
  readonly from: string
  readonly to: string
  /** How many edges of the full graph this one stands for (>1 when a group is collapsed). */
  readonly count: number
}

export interface LineageLayout {
  readonly nodes: readonly LaidOutNode[]
  /** Every group: a frame around its assets, or (collapsed) the box of its node. */
  readonly groups: readonly LaidOutGroup[]
  readonly edges: readonly LaidOutEdge[]
  readonly width: number
  readonly height: number
}

/** The id of the node a collapsed group is drawn as. */
export const groupNodeId = (group: string) => `group:${group}`

/** Room inside a group frame: its title bar on top, a margin elsewhere. */
export const GROUP_PADDING = { top: 44, side: 20, bottom: 20 }

/**
 * Lays the graph out left to right (upstream on the left) in two levels: each expanded group's
 * assets with dagre inside a frame, then the frames and collapsed groups with dagre again. Two
 * small layouts cost far less than one big one (dagre's ordering is superlinear in layer width),
 * and keep each group's assets together. Pure: the same input gives the same output.
 */
export function layoutLineage(
  input: LayoutInput,
  sizes: LayoutSizes = DEFAULT_SIZES,
  place: Placer = dagrePlace,
): LineageLayout {
  const groupOf = new Map<string, string>()
  const members = new Map<string, string[]>()
  for (const node of input.nodes) {
    groupOf.set(node.key, node.group)
    const list = members.get(node.group)
    if (list) list.push(node.key)
    else members.set(node.group, [node.key])
  }
  const visibleId = (key: string) => {
    const group = groupOf.get(key) as string
    return input.collapsed.has(group) ? groupNodeId(group) : key
  }

  // Level 1: inside each expanded group, with only the edges between its own assets.
  const inner = new Map<string, Placement>()
  const internal = new Map<string, { from: string; to: string }[]>()
  for (const edge of input.edges) {
    const group = groupOf.get(edge.from)
    if (group !== undefined && group === groupOf.get(edge.to) && !input.collapsed.has(group)) {
      const list = internal.get(group)
      if (list) list.push(edge)
      else internal.set(group, [edge])
    }
  }
  for (const [group, keys] of members) {
    if (input.collapsed.has(group)) continue
    const box = { width: sizes.assetWidth, height: sizes.assetHeight }
    inner.set(
      group,
      place(
        keys.map((key) => ({ id: key, ...box })),
        internal.get(group) ?? [],
        'inner',
      ),
    )
  }

  // Level 2: frames and collapsed groups, with the edges between groups.
  const outerNodes = [...members.keys()].map((group) => {
    const laid = inner.get(group)
    return laid
      ? {
          id: group,
          width: laid.width + 2 * GROUP_PADDING.side,
          height: laid.height + GROUP_PADDING.top + GROUP_PADDING.bottom,
        }
      : { id: group, width: sizes.groupWidth, height: sizes.groupHeight }
  })
  const outerEdges = new Map<string, { from: string; to: string }>()
  const edges = new Map<string, { id: string; from: string; to: string; count: number }>()
  for (const edge of input.edges) {
    const fromGroup = groupOf.get(edge.from)
    const toGroup = groupOf.get(edge.to)
    if (fromGroup === undefined || toGroup === undefined) continue
    if (fromGroup !== toGroup)
      outerEdges.set(`${fromGroup}\0${toGroup}`, { from: fromGroup, to: toGroup })
    const from = visibleId(edge.from)
    const to = visibleId(edge.to)
    if (from === to) continue
    const id = `${from}->${to}`
    const seen = edges.get(id)
    if (seen) seen.count++
    else edges.set(id, { id, from, to, count: 1 })
  }
  const outer = place(outerNodes, [...outerEdges.values()], 'outer')

  const nodes: LaidOutNode[] = []
  const groups: LaidOutGroup[] = []
  for (const [group, keys] of members) {
    const frame = outer.at.get(group) as Box
    const laid = inner.get(group)
    groups.push({ group, count: keys.length, collapsed: laid === undefined, ...frame })
    if (!laid) {
      nodes.push({ id: groupNodeId(group), kind: 'group', group, ...frame })
      continue
    }
    for (const key of keys) {
      const box = laid.at.get(key) as Box
      nodes.push({
        id: key,
        kind: 'asset',
        group,
        ...box,
        x: frame.x + GROUP_PADDING.side + box.x,
        y: frame.y + GROUP_PADDING.top + box.y,
      })
    }
  }
  return { nodes, groups, edges: [...edges.values()], width: outer.width, height: outer.height }
}
