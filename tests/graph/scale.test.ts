import { DirectedGraph } from 'graphology'
import { topologicalSort } from 'graphology-dag'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { assetRef, defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset, AssetHandle } from '../../framework/definitions/types.js'
import { selectAssets } from '../../framework/selection/select-assets.js'

// Loading and selecting must stay linear: planning is benchmarked over 50,000 assets. Wall-clock
// limits would fail on a busy machine, so each figure is compared with a baseline measured in the
// same test: the same nodes and edges put into a bare graphology graph and sorted once. A
// quadratic step would be hundreds of times the baseline at this size, not a few times.

const N = 20_000
const keyOf = (i: number) => `l${i % 7}/a${i}` as AssetKey
// Each asset reads its "parent" (a binary tree) and, by key, the asset three before it.
const depsOf = (i: number): number[] =>
  i === 0 ? [] : [...new Set(i > 3 ? [Math.floor(i / 2), i - 3] : [Math.floor(i / 2)])]

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now()
  const value = fn()
  return { value, ms: performance.now() - start }
}

describe(`${N} assets`, () => {
  const schema = z.object({ n: z.number() })
  const assets: AnyAsset[] = []
  for (let i = 0; i < N; i++) {
    const deps: Record<string, AssetHandle> = {}
    for (const d of depsOf(i))
      deps[`d${d}`] = d === i - 3 ? assetRef(keyOf(d)) : (assets[d] as AnyAsset)
    assets.push(defineAsset({ key: keyOf(i), schema, deps, materialize: () => sql`select 1 as n` }))
  }

  const baseline = timed(() => {
    const graph = new DirectedGraph()
    for (let i = 0; i < N; i++) {
      graph.addNode(keyOf(i))
      for (const d of depsOf(i)) graph.addEdge(keyOf(d), keyOf(i))
    }
    return topologicalSort(graph)
  })
  const loaded = timed(() => defineDefinitions({ assets }))
  const definitions = loaded.value

  it('loads within a few times a bare graphology build and sort', () => {
    expect(definitions.order).toHaveLength(N)
    expect(loaded.ms).toBeLessThan(Math.max(6 * baseline.ms, 250))
  })

  it.each([
    ['*', N],
    [`+key:${keyOf(N - 1)}`, undefined],
    [`key:${keyOf(1)}+`, undefined],
    ['roots()', 1],
    ['sinks(key:l3/*)', undefined],
    [`key:${keyOf(5)}+ and +key:${keyOf(N - 1)} and not group:l2`, undefined],
  ])('selects %s in less time than the baseline', (expression, size) => {
    const selected = timed(() => selectAssets(definitions, expression as string))
    if (size !== undefined) expect(selected.value.size).toBe(size)
    expect(selected.value.size).toBeGreaterThan(0)
    expect(selected.ms).toBeLessThan(Math.max(baseline.ms, 100))
  })
})
