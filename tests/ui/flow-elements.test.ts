import { describe, expect, it } from 'vitest'
import type { AssetSummary } from '../../framework/api/schemas.js'
import { flowElements } from '../../ui/src/features/lineage/flow-elements.js'
import { layoutLineage } from '../../ui/src/features/lineage/layout.js'

const summary = (key: string, deps: string[] = []): AssetSummary => ({
  key,
  type: 'asset',
  group: 'g',
  description: '',
  kinds: [],
  tags: {},
  owners: [],
  storage: 'duckdb',
  deps,
  status: 'missing',
  causes: [],
  running: false,
  lastMaterializedAt: null,
  rowCount: null,
  checks: { total: 0, passed: 0, warn: 0, failed: 0, errored: 0, notEvaluated: 0 },
  sourceError: null,
  automation: null,
})

// Keys of their own, since flowElements remembers the objects it gave out by id.
const a = summary('reuse/a')
const b = summary('reuse/b', ['reuse/a'])
const layout = layoutLineage({
  nodes: [a, b].map(({ key, group }) => ({ key, group })),
  edges: [{ from: a.key, to: b.key }],
  collapsed: new Set(),
})
const elements = (summaries: AssetSummary[], selected: string[] = []) =>
  flowElements(layout, new Map(summaries.map((s) => [s.key, s])), new Map(), new Set(selected))
const node = (result: ReturnType<typeof elements>, id: string) =>
  result.nodes.find((n) => n.id === id)

describe('flowElements', () => {
  it('gives sizes and handles up front, so React Flow need not render a node to measure it', () => {
    const asset = node(elements([a, b]), a.key)
    expect(asset?.measured).toEqual({ width: asset?.width, height: asset?.height })
    expect(asset?.handles?.map((h) => h.type)).toEqual(['target', 'source'])
  })

  it('keeps the objects of nodes and edges a poll did not change, replaces the changed', () => {
    const first = elements([a, b])
    const same = elements([a, b])
    expect(node(same, a.key)).toBe(node(first, a.key))
    expect(same.edges[0]).toBe(first.edges[0])

    const running = { ...b, running: true }
    const next = elements([a, running])
    expect(node(next, a.key)).toBe(node(first, a.key))
    expect(node(next, b.key)).not.toBe(node(first, b.key))
    expect(node(next, b.key)?.data).toMatchObject({ state: 'running' })
    // The edge into a running asset is animated: a new edge object.
    expect(next.edges[0]).not.toBe(first.edges[0])
    expect(next.edges[0]?.animated).toBe(true)

    const selected = elements([a, running], [a.key])
    expect(node(selected, a.key)?.data).toMatchObject({ highlighted: true })
    expect(node(selected, b.key)?.data).toMatchObject({ dimmed: true })
  })
})
