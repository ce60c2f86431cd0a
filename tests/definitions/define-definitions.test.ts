import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { assetRef, defineAsset } from '../../framework/definitions/define-asset.js'
import { defineCheck, pass } from '../../framework/definitions/define-check.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AssetHandle } from '../../framework/definitions/types.js'
import type { ErrorCode } from '../../framework/errors.js'
import {
  featureConversionImpact,
  featureReleases,
  fixtureAssets,
  fixtureDefinitions,
  rawConversions,
  userDim,
  userIdUnique,
} from '../helpers/fixture-graph.js'

const schema = z.object({ n: z.number() })
const one = () => sql`select 1 as n`
const asset = <const K extends `${string}/${string}`>(
  key: K,
  deps: Record<string, AssetHandle> = {},
) => defineAsset({ key, schema, deps, materialize: one })

function codeOf(fn: () => unknown): ErrorCode | undefined {
  try {
    fn()
  } catch (error) {
    return (error as { code?: ErrorCode }).code
  }
  return undefined
}

describe('defineDefinitions', () => {
  it('collects sources that appear only as dependencies', () => {
    const defs = fixtureDefinitions()
    expect([...defs.sources.keys()].sort()).toEqual([
      'raw/conversions',
      'raw/feature_releases',
      'raw/feature_usage_events',
      'raw/user_signups',
    ])
    expect(defs.assets.size).toBe(9)
    expect(defs.get('raw/conversions')).toBe(rawConversions)
  })

  it('orders keys upstream first, ties broken by key', () => {
    const defs = fixtureDefinitions()
    expect(defs.order).toEqual([
      'raw/conversions',
      'raw/feature_releases',
      'raw/feature_usage_events',
      'raw/user_signups',
      'bronze/conversions',
      'bronze/feature_releases',
      'bronze/feature_usage_events',
      'bronze/user_signups',
      'silver/feature_states',
      'silver/feature_usage_facts',
      'silver/user_dim',
      'gold/feature_conversion_impact',
      'gold/feature_conversion_lift',
    ])
  })

  it('gives the same order whatever the declaration order', () => {
    const reversed = defineDefinitions({ assets: [...fixtureAssets].reverse() })
    expect(reversed.order).toEqual(fixtureDefinitions().order)
  })

  it('resolves assetRef dependencies to graph edges', () => {
    const defs = fixtureDefinitions()
    expect(defs.upstream('gold/feature_conversion_lift')).toEqual([
      'gold/feature_conversion_impact',
    ])
    expect(defs.downstream('bronze/conversions')).toEqual([
      'gold/feature_conversion_impact',
      'silver/user_dim',
    ])
    expect(defs.graph.hasEdge('silver/user_dim', 'gold/feature_conversion_impact')).toBe(true)
  })

  it('groups checks by asset', () => {
    const defs = fixtureDefinitions()
    expect(defs.checks.get('silver/user_dim')).toEqual([userIdUnique])
    expect(defs.checks.get('gold/feature_conversion_lift')).toBeUndefined()
  })

  it('accepts the same definition object twice', () => {
    const defs = defineDefinitions({
      assets: [featureReleases, featureReleases],
      sources: [featureReleases.deps.raw],
      checks: [],
    })
    expect(defs.assets.size).toBe(1)
  })

  it.each<[string, () => unknown, ErrorCode]>([
    [
      'two assets with one key',
      () => defineDefinitions({ assets: [asset('a/x'), asset('a/x')] }),
      'ASSET_KEY_DUPLICATE',
    ],
    [
      'an asset and a source with one key',
      () =>
        defineDefinitions({
          assets: [asset('a/x')],
          sources: [defineSource({ key: 'a/x', path: 'x' })],
        }),
      'ASSET_KEY_DUPLICATE',
    ],
    [
      'a dependency handle that is a second definition of a listed key',
      () => defineDefinitions({ assets: [asset('a/x'), asset('a/y', { x: asset('a/x') })] }),
      'ASSET_KEY_DUPLICATE',
    ],
    [
      'a reference to an undefined key',
      () => defineDefinitions({ assets: [asset('a/y', { x: assetRef('a/x') })] }),
      'ASSET_DEP_UNKNOWN',
    ],
    [
      'an asset handle left out of the list',
      () => defineDefinitions({ assets: [asset('a/y', { x: asset('a/x') })] }),
      'ASSET_DEP_UNKNOWN',
    ],
    [
      'a self-dependency',
      () => defineDefinitions({ assets: [asset('a/x', { me: assetRef('a/x') })] }),
      'GRAPH_CYCLE',
    ],
    [
      'a check on an asset outside the set',
      () => defineDefinitions({ assets: [featureReleases], checks: [userIdUnique] }),
      'CHECK_ASSET_UNKNOWN',
    ],
    [
      'two different checks with one name on one asset',
      () =>
        defineDefinitions({
          assets: [userDim, ...Object.values(userDim.deps)] as never,
          checks: [
            userIdUnique,
            defineCheck({ asset: userDim, name: 'user_id_unique', evaluate: () => pass() }),
          ],
        }),
      'CHECK_DUPLICATE',
    ],
    [
      'an undefined asset (circular import)',
      () => defineDefinitions({ assets: [undefined as never] }),
      'DEFINITION_INVALID',
    ],
    [
      'an undefined dependency (circular import)',
      () => defineDefinitions({ assets: [asset('a/y', { x: undefined as never })] }),
      'DEFINITION_INVALID',
    ],
  ])('rejects %s', (_, build, code) => {
    expect(codeOf(build)).toBe(code)
  })

  it('accepts the same check object twice', () => {
    const defs = defineDefinitions({ assets: fixtureAssets, checks: [userIdUnique, userIdUnique] })
    expect(defs.checks.get('silver/user_dim')).toHaveLength(1)
  })

  it('reports a cycle through assetRef as GRAPH_CYCLE', () => {
    const a = asset('a/a', { c: assetRef('a/c') })
    const b = asset('a/b', { a })
    const c = asset('a/c', { b })
    expect(codeOf(() => defineDefinitions({ assets: [c, b, a] }))).toBe('GRAPH_CYCLE')
  })

  it('get() throws SELECTION_UNKNOWN_KEY for a key it does not know', () => {
    const defs = fixtureDefinitions()
    expect(defs.get('gold/feature_conversion_impact')).toBe(featureConversionImpact)
    expect(codeOf(() => defs.get('gold/nope'))).toBe('SELECTION_UNKNOWN_KEY')
    expect(codeOf(() => defs.upstream('gold/nope'))).toBe('SELECTION_UNKNOWN_KEY')
  })
})
