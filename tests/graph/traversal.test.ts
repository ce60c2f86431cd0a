import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { assetRef, defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset } from '../../framework/definitions/types.js'
import { downstreamOf, rootsOf, sinksOf, upstreamOf } from '../../framework/graph/traversal.js'

// A diamond with a tail and a separate pair:
//   a/a → a/b → a/d → a/e
//   a/a → a/c → a/d
//   a/x → a/y
function diamond(): Definitions {
  const asset = (key: AssetKey, ...deps: AssetKey[]) =>
    defineAsset({
      key,
      deps: Object.fromEntries(deps.map((dep) => [dep.slice(2), assetRef(dep)])),
      schema: z.object({ n: z.number() }),
      materialize: () => sql`select 1 as n`,
    }) as AnyAsset
  return defineDefinitions({
    assets: [
      asset('a/a'),
      asset('a/b', 'a/a'),
      asset('a/c', 'a/a'),
      asset('a/d', 'a/b', 'a/c'),
      asset('a/e', 'a/d'),
      asset('a/x'),
      asset('a/y', 'a/x'),
    ],
  })
}

const k = (...keys: string[]) => keys as AssetKey[]
const sorted = (keys: Iterable<AssetKey>) => [...keys].sort()

describe('upstreamOf / downstreamOf', () => {
  const graph = diamond()

  it.each<[string[], number | 'all', string[]]>([
    [['a/e'], 'all', ['a/a', 'a/b', 'a/c', 'a/d', 'a/e']],
    [['a/e'], 1, ['a/d', 'a/e']],
    [['a/e'], 2, ['a/b', 'a/c', 'a/d', 'a/e']],
    [['a/e'], 0, ['a/e']],
    [['a/d', 'a/y'], 1, ['a/b', 'a/c', 'a/d', 'a/x', 'a/y']],
  ])('upstream of %j, depth %s', (keys, depth, expected) => {
    expect(sorted(upstreamOf(graph, k(...keys), { depth }))).toEqual(expected)
  })

  it.each<[string[], number | 'all', string[]]>([
    [['a/a'], 'all', ['a/a', 'a/b', 'a/c', 'a/d', 'a/e']],
    [['a/a'], 2, ['a/a', 'a/b', 'a/c', 'a/d']],
    [['a/e'], 'all', ['a/e']],
  ])('downstream of %j, depth %s', (keys, depth, expected) => {
    expect(sorted(downstreamOf(graph, k(...keys), { depth }))).toEqual(expected)
  })

  it('leaves the starting keys out with includeSelf: false, unless another start reaches them', () => {
    expect(sorted(upstreamOf(graph, k('a/e'), { includeSelf: false }))).toEqual([
      'a/a',
      'a/b',
      'a/c',
      'a/d',
    ])
    expect(sorted(upstreamOf(graph, k('a/d', 'a/b'), { includeSelf: false }))).toEqual([
      'a/a',
      'a/b',
      'a/c',
    ])
  })

  it('accepts any iterable of keys, including a one-shot generator', () => {
    function* once() {
      yield 'a/e' as AssetKey
    }
    expect(sorted(upstreamOf(graph, once(), { depth: 1 }))).toEqual(['a/d', 'a/e'])
  })
})

describe('rootsOf / sinksOf', () => {
  const graph = diamond()

  it('finds the roots and sinks of the whole graph', () => {
    expect(sorted(rootsOf(graph))).toEqual(['a/a', 'a/x'])
    expect(sorted(sinksOf(graph))).toEqual(['a/e', 'a/y'])
  })

  it('finds roots and sinks within a selection, ignoring parents and children outside it', () => {
    const within = new Set(k('a/b', 'a/c', 'a/d'))
    expect(sorted(rootsOf(graph, within))).toEqual(['a/b', 'a/c'])
    expect(sorted(sinksOf(graph, within))).toEqual(['a/d'])
  })

  it('looks through keys outside the selection (Dagster: no descendant in the set, at any depth)', () => {
    // a/a reaches a/e through a/b and a/d, which are not selected: a/a is not a sink, a/e not a root.
    const within = new Set(k('a/a', 'a/e'))
    expect(sorted(sinksOf(graph, within))).toEqual(['a/e'])
    expect(sorted(rootsOf(graph, within))).toEqual(['a/a'])
  })
})
