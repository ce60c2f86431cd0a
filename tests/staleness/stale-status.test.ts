import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import { computeDataVersion } from '../../framework/staleness/data-version.js'
import { resolveStaleness } from '../../framework/staleness/stale-status.js'
import type { MaterializationFacts, StaleCause } from '../../framework/staleness/stale-types.js'

// raw/events → bronze/a → silver/b → gold/c ← bronze/d
const n = z.object({ n: z.number() })
const one = () => sql`select 1 as n`

function graph(codeVersionOfA = '1') {
  const events = defineSource({ key: 'raw/events', path: 'raw/events.jsonl' })
  const a = defineAsset({
    key: 'bronze/a',
    schema: n,
    deps: { events },
    codeVersion: codeVersionOfA,
    materialize: one,
  })
  const b = defineAsset({ key: 'silver/b', schema: n, deps: { a }, materialize: one })
  const d = defineAsset({ key: 'bronze/d', schema: n, materialize: one })
  const c = defineAsset({ key: 'gold/c', schema: n, deps: { b, d }, materialize: one })
  return defineDefinitions({ assets: [a, b, c, d] })
}

/** A materialization the way the executor records it: data version from code + inputs. */
function built(codeVersion: string, inputs: Record<string, string>): MaterializationFacts {
  const versions = new Map(Object.entries(inputs) as Array<[AssetKey, string]>)
  return {
    codeVersion,
    inputVersions: inputs,
    dataVersion: computeDataVersion(codeVersion, versions),
  }
}

/** Everything built once, in order, from source version `v1`. */
function freshState() {
  const a = built('1', { 'raw/events': 'v1' })
  const b = built('1', { 'bronze/a': a.dataVersion })
  const d = built('1', {})
  const c = built('1', { 'silver/b': b.dataVersion, 'bronze/d': d.dataVersion })
  const materializations = new Map<AssetKey, MaterializationFacts>([
    ['bronze/a', a],
    ['silver/b', b],
    ['bronze/d', d],
    ['gold/c', c],
  ])
  const sources = new Map<AssetKey, { dataVersion: string }>([
    ['raw/events', { dataVersion: 'v1' }],
  ])
  return { materializations, sources, a, b, c, d }
}

const causesOf = (result: ReturnType<typeof resolveStaleness>, key: string): StaleCause[] => [
  ...(result.get(key as AssetKey)?.causes ?? []),
]

describe('resolveStaleness', () => {
  it('reports everything fresh when built in order from the current inputs and code', () => {
    const { materializations, sources } = freshState()
    const result = resolveStaleness(graph(), { materializations, sources })
    for (const key of ['raw/events', 'bronze/a', 'silver/b', 'bronze/d', 'gold/c']) {
      expect(result.get(key as AssetKey)).toEqual({ key, status: 'fresh', causes: [] })
    }
  })

  it('reports a never-materialized asset as missing, and its downstream stale through it', () => {
    const { materializations, sources } = freshState()
    materializations.delete('bronze/d')
    const result = resolveStaleness(graph(), { materializations, sources })
    expect(result.get('bronze/d')?.status).toBe('missing')
    expect(causesOf(result, 'bronze/d')).toMatchObject([{ category: 'missing', key: 'bronze/d' }])
    expect(result.get('gold/c')?.status).toBe('stale')
    expect(causesOf(result, 'gold/c')).toMatchObject([
      {
        category: 'dependency',
        dependency: 'bronze/d',
        dependencyStatus: 'missing',
        rootCause: 'bronze/d',
        path: ['bronze/d'],
      },
    ])
  })

  it('reports a code version change from the recorded version to the defined one', () => {
    const { materializations, sources } = freshState()
    const result = resolveStaleness(graph('2'), { materializations, sources })
    expect(causesOf(result, 'bronze/a')).toMatchObject([{ category: 'code', from: '1', to: '2' }])
    expect(causesOf(result, 'bronze/a')[0]?.message).toBe('code version changed from "1" to "2"')
  })

  it('traces a transitive dependency cause along the path to the root cause', () => {
    const { materializations, sources } = freshState()
    const result = resolveStaleness(graph('2'), { materializations, sources })
    expect(causesOf(result, 'silver/b')).toMatchObject([
      { category: 'dependency', dependency: 'bronze/a', rootCause: 'bronze/a', path: ['bronze/a'] },
    ])
    const [cause] = causesOf(result, 'gold/c')
    expect(cause).toMatchObject({
      category: 'dependency',
      dependency: 'silver/b',
      dependencyStatus: 'stale',
      rootCause: 'bronze/a',
      path: ['silver/b', 'bronze/a'],
    })
    expect(cause?.message).toBe(
      'upstream silver/b is stale, because of bronze/a (bronze/a → silver/b)',
    )
    expect(result.get('bronze/d')?.status).toBe('fresh')
  })

  it('reports a source whose files changed since the asset was built from them', () => {
    const { materializations } = freshState()
    const sources = new Map<AssetKey, { dataVersion: string }>([
      ['raw/events', { dataVersion: 'v2' }],
    ])
    const result = resolveStaleness(graph(), { materializations, sources })
    expect(causesOf(result, 'bronze/a')).toMatchObject([
      { category: 'source', source: 'raw/events', builtFrom: 'v1', current: 'v2' },
    ])
    expect(result.get('raw/events')).toEqual({ key: 'raw/events', status: 'fresh', causes: [] })
  })

  it('says nothing about a source that was never observed', () => {
    const { materializations } = freshState()
    const result = resolveStaleness(graph(), { materializations, sources: new Map() })
    expect(result.get('bronze/a')?.status).toBe('fresh')
  })

  it('reports newer upstream data once the upstream is rebuilt from new inputs', () => {
    const { materializations, a } = freshState()
    const sources = new Map<AssetKey, { dataVersion: string }>([
      ['raw/events', { dataVersion: 'v2' }],
    ])
    const a2 = built('1', { 'raw/events': 'v2' })
    materializations.set('bronze/a', a2)
    const result = resolveStaleness(graph(), { materializations, sources })
    expect(result.get('bronze/a')?.status).toBe('fresh')
    expect(causesOf(result, 'silver/b')).toMatchObject([
      {
        category: 'data',
        dependency: 'bronze/a',
        builtFrom: a.dataVersion,
        current: a2.dataVersion,
      },
    ])
    expect(causesOf(result, 'gold/c')).toMatchObject([
      { category: 'dependency', dependency: 'silver/b', rootCause: 'silver/b', path: ['silver/b'] },
    ])
  })

  it('keeps downstream fresh when an asset is re-materialized with unchanged inputs and code', () => {
    const { materializations, sources, a } = freshState()
    const again = built('1', { 'raw/events': 'v1' })
    expect(again.dataVersion).toBe(a.dataVersion)
    materializations.set('bronze/a', again)
    const result = resolveStaleness(graph(), { materializations, sources })
    expect([...result.values()].every((s) => s.status === 'fresh')).toBe(true)
  })

  it('lists every cause: direct ones first, then one per stale upstream', () => {
    const { materializations } = freshState()
    materializations.delete('bronze/d')
    const sources = new Map<AssetKey, { dataVersion: string }>([
      ['raw/events', { dataVersion: 'v2' }],
    ])
    const result = resolveStaleness(graph('2'), { materializations, sources })
    expect(causesOf(result, 'bronze/a').map((c) => c.category)).toEqual(['code', 'source'])
    expect(
      causesOf(result, 'gold/c').map((c) => [c.category, 'dependency' in c && c.dependency]),
    ).toEqual([
      ['dependency', 'bronze/d'],
      ['dependency', 'silver/b'],
    ])
  })

  it('reports an input that was added after the last materialization as data without a version', () => {
    const { materializations, sources, b } = freshState()
    // gold/c built before it depended on bronze/d.
    materializations.set('gold/c', built('1', { 'silver/b': b.dataVersion }))
    const result = resolveStaleness(graph(), { materializations, sources })
    expect(causesOf(result, 'gold/c')).toMatchObject([
      { category: 'data', dependency: 'bronze/d', builtFrom: null },
    ])
    expect(causesOf(result, 'gold/c')[0]?.message).toBe(
      'upstream bronze/d was not an input when this was built',
    )
  })

  it('includes the lazily computed path and message when serialized (API responses)', () => {
    const { materializations, sources } = freshState()
    const result = resolveStaleness(graph('2'), { materializations, sources })
    const json = JSON.parse(JSON.stringify(result.get('gold/c')))
    expect(json.causes[0].path).toEqual(['silver/b', 'bronze/a'])
    expect(json.causes[0].message).toContain('because of bronze/a')
  })

  it('gives every asset of a long stale chain the full path to its root cause', () => {
    // How long this takes is for `npm run bench` (planning over 50,000 assets), not for a test.
    const { definitions, materializations } = chainOf(20_000)
    const result = resolveStaleness(definitions, { materializations, sources: new Map() })
    const last = causesOf(result, 'chain/a19999')[0]
    expect(last).toMatchObject({ category: 'dependency', rootCause: 'chain/a0' })
    expect(last?.category === 'dependency' && last.path.length).toBe(19_999)
  })
})

/**
 * A chain a0 → a1 → … whose root's code changed, as the parts of Definitions the resolver reads:
 * built by hand to keep the test quick.
 */
function chainOf(length: number) {
  const keys = Array.from({ length }, (_, i) => `chain/a${i}` as AssetKey)
  const assets = new Map(keys.map((key, i) => [key, { key, codeVersion: i === 0 ? '2' : '1' }]))
  const upstream = new Map(keys.map((key, i) => [key, i === 0 ? [] : [keys[i - 1] as AssetKey]]))
  const definitions = {
    assets,
    sources: new Map(),
    order: keys,
    upstream: (key: AssetKey) => upstream.get(key) ?? [],
  } as unknown as Definitions
  // Versions need only be consistent along the chain, not real hashes.
  const materializations = new Map<AssetKey, MaterializationFacts>(
    keys.map((key, i) => [
      key,
      {
        codeVersion: '1',
        dataVersion: `v${i}`,
        inputVersions: i === 0 ? {} : { [`chain/a${i - 1}`]: `v${i - 1}` },
      },
    ]),
  )
  return { definitions, materializations }
}
