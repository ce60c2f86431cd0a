import { describe, expect, it } from 'vitest'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import type { AssetStaleness } from '../../framework/staleness/stale-types.js'
import { fixtureDefinitions } from '../helpers/fixture-graph.js'

const keys = (...list: string[]) => new Set(list as AssetKey[])

describe('buildPlan', () => {
  const definitions = fixtureDefinitions()

  it('orders steps upstream first and gives each its upstream steps inside the plan', () => {
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()))
    const order = plan.steps.map((step) => step.key)
    const position = new Map(order.map((key, i) => [key, i]))
    for (const step of plan.steps) {
      for (const upstream of step.upstream) {
        expect(position.get(upstream)).toBeLessThan(position.get(step.key) as number)
      }
    }
    expect(order).toHaveLength(9)
    const impact = plan.steps.find((step) => step.key === 'gold/feature_conversion_impact')
    expect(impact?.upstream).toEqual([
      'bronze/conversions',
      'silver/feature_states',
      'silver/feature_usage_facts',
      'silver/user_dim',
    ])
  })

  it('observes the sources the selected assets read, not materializes them', () => {
    const plan = buildPlan(definitions, keys('bronze/user_signups', 'silver/user_dim'))
    expect(plan.sources).toEqual(['raw/user_signups'])
    expect(plan.steps.map((step) => step.key)).toEqual(['bronze/user_signups', 'silver/user_dim'])
    // bronze/conversions is outside the plan: silver/user_dim reads its stored table.
    expect(plan.steps[1]?.upstream).toEqual(['bronze/user_signups'])
    expect(plan.steps[0]?.downstream).toEqual(['silver/user_dim'])
    expect(plan.keys).toEqual(['raw/user_signups', 'bronze/user_signups', 'silver/user_dim'])
  })

  it('observes a selected source even when no selected asset reads it', () => {
    const plan = buildPlan(definitions, keys('raw/conversions'))
    expect(plan.sources).toEqual(['raw/conversions'])
    expect(plan.steps).toEqual([])
  })

  it('keeps only assets that are not fresh with staleOnly', () => {
    const staleness = new Map<AssetKey, AssetStaleness>()
    for (const key of definitions.order) staleness.set(key, { key, status: 'fresh', causes: [] })
    staleness.set('silver/user_dim', { key: 'silver/user_dim', status: 'stale', causes: [] })
    staleness.set('gold/feature_conversion_impact', {
      key: 'gold/feature_conversion_impact',
      status: 'missing',
      causes: [],
    })
    const plan = buildPlan(definitions, new Set(definitions.assets.keys()), {
      staleOnly: true,
      staleness,
    })
    expect(plan.steps.map((step) => step.key)).toEqual([
      'silver/user_dim',
      'gold/feature_conversion_impact',
    ])
    expect(plan.steps[1]?.upstream).toEqual(['silver/user_dim'])
    expect(plan.sources).toEqual([])
  })

  it('refuses staleOnly without staleness', () => {
    expect(() => buildPlan(definitions, keys('silver/user_dim'), { staleOnly: true })).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    )
  })

  it('throws SELECTION_UNKNOWN_KEY for a key that is not defined', () => {
    expect(() => buildPlan(definitions, keys('silver/user_dimm'))).toThrow(
      expect.objectContaining({ code: 'SELECTION_UNKNOWN_KEY' }),
    )
  })
})
