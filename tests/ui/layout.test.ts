import { describe, expect, it } from 'vitest'
import {
  DEFAULT_SIZES,
  GROUP_PADDING,
  groupNodeId,
  type LayoutInput,
  layoutLineage,
} from '../../ui/src/features/lineage/layout.js'
import { provisionalPlace } from '../../ui/src/features/lineage/provisional-place.js'

// The PLG pipeline's shape, grouped by layer.
const nodes = [
  ['raw/a', 'raw'],
  ['raw/b', 'raw'],
  ['bronze/a', 'bronze'],
  ['bronze/b', 'bronze'],
  ['silver/ab', 'silver'],
  ['silver/b2', 'silver'],
  ['gold/x', 'gold'],
].map(([key, group]) => ({ key: key as string, group: group as string }))
const edges = [
  ['raw/a', 'bronze/a'],
  ['raw/b', 'bronze/b'],
  ['bronze/a', 'silver/ab'],
  ['bronze/b', 'silver/ab'],
  ['silver/ab', 'silver/b2'],
  ['bronze/b', 'silver/b2'],
  ['silver/b2', 'gold/x'],
].map(([from, to]) => ({ from: from as string, to: to as string }))
const input = (collapsed: string[] = []): LayoutInput => ({
  nodes,
  edges,
  collapsed: new Set(collapsed),
})

const byId = (layout: ReturnType<typeof layoutLineage>) =>
  new Map(layout.nodes.map((node) => [node.id, node]))

describe('layoutLineage', () => {
  it('places every asset, upstream strictly left of downstream', () => {
    const layout = layoutLineage(input())
    const at = byId(layout)
    expect([...at.keys()].sort()).toEqual(nodes.map((n) => n.key).sort())
    for (const edge of edges) {
      const from = at.get(edge.from)
      const to = at.get(edge.to)
      expect(from && to && from.x + from.width <= to.x, `${edge.from} -> ${edge.to}`).toBe(true)
    }
  })

  it('keeps each group inside its frame and frames apart from each other', () => {
    const layout = layoutLineage(input())
    const at = byId(layout)
    for (const group of layout.groups) {
      for (const node of nodes.filter((n) => n.group === group.group)) {
        const box = at.get(node.key)
        expect(box).toBeDefined()
        if (!box) continue
        expect(box.x).toBeGreaterThanOrEqual(group.x + GROUP_PADDING.side - 0.01)
        expect(box.y).toBeGreaterThanOrEqual(group.y + GROUP_PADDING.top - 0.01)
        expect(box.x + box.width).toBeLessThanOrEqual(group.x + group.width + 0.01)
        expect(box.y + box.height).toBeLessThanOrEqual(group.y + group.height + 0.01)
      }
    }
    const overlaps = layout.groups.flatMap((a, i) =>
      layout.groups
        .slice(i + 1)
        .filter(
          (b) =>
            a.x < b.x + b.width &&
            b.x < a.x + a.width &&
            a.y < b.y + b.height &&
            b.y < a.y + a.height,
        )
        .map((b) => `${a.group}/${b.group}`),
    )
    expect(overlaps).toEqual([])
  })

  it('folds a collapsed group into one node and its edges into counted edges', () => {
    const layout = layoutLineage(input(['bronze']))
    const ids = layout.nodes.map((n) => n.id)
    expect(ids).toContain(groupNodeId('bronze'))
    expect(ids).not.toContain('bronze/a')
    const group = layout.nodes.find((n) => n.id === groupNodeId('bronze'))
    expect(group).toMatchObject({ kind: 'group', width: DEFAULT_SIZES.groupWidth })
    const edge = (from: string, to: string) =>
      layout.edges.find((e) => e.from === from && e.to === to)
    expect(edge('raw/a', groupNodeId('bronze'))?.count).toBe(1)
    expect(edge(groupNodeId('bronze'), 'silver/ab')?.count).toBe(2)
    expect(edge(groupNodeId('bronze'), 'silver/b2')?.count).toBe(1)
    expect(layout.groups.find((g) => g.group === 'bronze')).toMatchObject({
      collapsed: true,
      count: 2,
    })
  })

  it('gives the same layout for the same input', () => {
    expect(layoutLineage(input(['gold']))).toEqual(layoutLineage(input(['gold'])))
  })

  it('draws a graph with no edges', () => {
    const layout = layoutLineage({ nodes: nodes.slice(0, 2), edges: [], collapsed: new Set() })
    expect(layout.nodes).toHaveLength(2)
    expect(layout.edges).toEqual([])
  })
})

describe('the provisional placement (shown while dagre runs in a worker)', () => {
  const provisional = (collapsed: string[] = []) =>
    layoutLineage(input(collapsed), DEFAULT_SIZES, provisionalPlace)

  it('places the same nodes, groups and edges as dagre, upstream left of downstream', () => {
    const real = layoutLineage(input(['gold']))
    const stand = provisional(['gold'])
    expect(stand.nodes.map((n) => n.id).sort()).toEqual(real.nodes.map((n) => n.id).sort())
    expect(stand.groups.map((g) => g.group)).toEqual(real.groups.map((g) => g.group))
    expect(stand.edges).toEqual(real.edges)
    const at = byId(provisional())
    for (const edge of edges) {
      const from = at.get(edge.from)
      const to = at.get(edge.to)
      expect(from && to && from.x + from.width <= to.x, `${edge.from} -> ${edge.to}`).toBe(true)
    }
  })

  it('stacks a generation in one column without overlaps, and survives a cycle', () => {
    const placed = provisionalPlace(
      ['a', 'b', 'c', 'd'].map((id) => ({ id, width: 10, height: 10 })),
      [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'd', to: 'd' },
      ],
      'inner',
    )
    const b = placed.at.get('b')
    const c = placed.at.get('c')
    expect(b?.x).toBe(c?.x)
    expect(b && c && Math.abs(b.y - c.y) >= 10).toBe(true)
    expect(placed.at.get('a')?.x).toBe(0)

    const cycle = provisionalPlace(
      ['x', 'y', 'z'].map((id) => ({ id, width: 10, height: 10 })),
      [
        { from: 'x', to: 'y' },
        { from: 'y', to: 'z' },
        { from: 'z', to: 'y' },
      ],
      'outer',
    )
    expect([...cycle.at.keys()].sort()).toEqual(['x', 'y', 'z'])
    expect(cycle.at.get('y')?.x).toBeGreaterThan(cycle.at.get('x')?.x ?? Infinity)
  })
})
