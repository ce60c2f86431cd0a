/** A box in graph coordinates (top-left corner, as React Flow positions nodes). */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** Spacing between boxes, shared by every placer so that swapping placers does not rescale. */
export const SPACING = { nodesep: 20, ranksep: 72, edgesep: 10 }

/** Boxes placed by a placer: top-left corners, and the size of the whole. */
export interface Placement {
  readonly width: number
  readonly height: number
  readonly at: Map<string, Box>
}

/**
 * Places boxes left to right for one level: 'inner' is one group's assets, 'outer' the frames
 * and collapsed groups. dagre does the real layout; the provisional placer stands in while
 * dagre runs in a worker.
 */
export type Placer = (
  nodes: readonly { id: string; width: number; height: number }[],
  edges: readonly { from: string; to: string }[],
  level: 'inner' | 'outer',
) => Placement
