import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { assetRef, defineAsset } from '../../framework/definitions/define-asset.js'
import { defineCheck, pass } from '../../framework/definitions/define-check.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AssetHandle, AssetReference } from '../../framework/definitions/types.js'
import { FrameworkError } from '../../framework/errors.js'
import {
  fixtureAssets,
  fixtureDefinitions,
  rawConversions,
  userDim,
} from '../helpers/fixture-graph.js'

// These tests keep error messages helpful: they check only the parts a user acts on (the
// suggested key, the asset that declared the dependency, the cycle's path), never whole messages.

const schema = z.object({ n: z.number() })
const asset = <const K extends `${string}/${string}`>(
  key: K,
  deps: Record<string, AssetHandle> = {},
) => defineAsset({ key, schema, deps, materialize: () => sql`select 1 as n` })

function errorOf(fn: () => unknown): FrameworkError {
  try {
    fn()
  } catch (error) {
    if (error instanceof FrameworkError) return error
    throw error
  }
  throw new Error('expected an error')
}

describe('definition errors say what to do', () => {
  it('an unknown dependency names the asset, the input and the nearest key', () => {
    const lift = asset('gold/lift', { users: assetRef('silver/user_dims') })
    const error = errorOf(() => defineDefinitions({ assets: [...fixtureAssets, lift] }))
    expect(error.code).toBe('ASSET_DEP_UNKNOWN')
    expect(error.message).toContain('"gold/lift"')
    expect(error.message).toContain('"silver/user_dims"')
    expect(error.message).toContain('input "users"')
    expect(error.message).toContain('Did you mean "silver/user_dim"?')
    expect(error.hint).toBe('Did you mean "silver/user_dim"?')
  })

  it('a dotted key in a hand-made reference is matched to the slashed key', () => {
    // assetRef() itself rejects "silver.user_dim"; a plain object (from JS or a config file) does not.
    const dotted: AssetReference = { type: 'reference', key: 'silver.user_dim' as never }
    const error = errorOf(() =>
      defineDefinitions({ assets: [...fixtureAssets, asset('gold/x', { u: dotted })] }),
    )
    expect(error.message).toContain('Did you mean "silver/user_dim"?')
  })

  it('assetRef("silver.user_dim") suggests the slashed key at once', () => {
    const error = errorOf(() => assetRef('silver.user_dim' as never))
    expect(error.code).toBe('ASSET_KEY_INVALID')
    expect(error.hint).toContain('"silver/user_dim"')
  })

  it('an asset handle left out of the list says to add it', () => {
    const error = errorOf(() =>
      defineDefinitions({ assets: [asset('gold/x', { users: userDim })] }),
    )
    expect(error.code).toBe('ASSET_DEP_UNKNOWN')
    expect(error.message).toContain('not in the definitions')
    expect(error.message).toContain('`assets`')
  })

  it('a cycle names its path, in dependency order, closed on its first key', () => {
    const a = asset('m/a', { c: assetRef('m/c') })
    const b = asset('m/b', { a })
    const c = asset('m/c', { b })
    const error = errorOf(() => defineDefinitions({ assets: [c, a, b] }))
    expect(error.code).toBe('GRAPH_CYCLE')
    expect(error.message).toContain('m/a → m/b → m/c → m/a')
  })

  it('a duplicate key names the key and both kinds of definition', () => {
    const clash = asset('raw/conversions')
    const error = errorOf(() => defineDefinitions({ assets: [clash], sources: [rawConversions] }))
    expect(error.code).toBe('ASSET_KEY_DUPLICATE')
    expect(error.message).toContain('"raw/conversions"')
    expect(error.message).toContain('an asset and a source')
  })

  it('a check on a missing asset suggests the nearest asset key', () => {
    const other = defineCheck({
      asset: asset('silver/user_dims'),
      name: 'x',
      evaluate: () => pass(),
    })
    const error = errorOf(() => defineDefinitions({ assets: fixtureAssets, checks: [other] }))
    expect(error.code).toBe('CHECK_ASSET_UNKNOWN')
    expect(error.message).toContain('Did you mean "silver/user_dim"?')
  })

  it('an undefined dependency points at circular imports and assetRef', () => {
    const error = errorOf(() =>
      defineDefinitions({ assets: [asset('a/x', { users: undefined as never })] }),
    )
    expect(error.message).toContain('input "users"')
    expect(error.message).toContain('assetRef(')
  })

  it('get() of an unknown key suggests the key with the name part typed alone', () => {
    const error = errorOf(() => fixtureDefinitions().get('user_dim'))
    expect(error.code).toBe('SELECTION_UNKNOWN_KEY')
    expect(error.message).toContain('Did you mean "silver/user_dim"?')
  })
})
