import { describe, expect, it } from 'vitest'
import { parseSelection } from '../../framework/selection/parse.js'
import { resolveSelection } from '../../framework/selection/resolve.js'
import { selectAssets } from '../../framework/selection/select-assets.js'
import { fixtureDefinitions } from '../helpers/fixture-graph.js'

const defs = fixtureDefinitions()
const select = (expression: string) => [...selectAssets(defs, expression)].sort()

const RAW = [
  'raw/conversions',
  'raw/feature_releases',
  'raw/feature_usage_events',
  'raw/user_signups',
]
const BRONZE = [
  'bronze/conversions',
  'bronze/feature_releases',
  'bronze/feature_usage_events',
  'bronze/user_signups',
]
const SILVER = ['silver/feature_states', 'silver/feature_usage_facts', 'silver/user_dim']
const GOLD = ['gold/feature_conversion_impact', 'gold/feature_conversion_lift']
const sorted = (...groups: string[][]) => groups.flat().sort()

describe('resolveSelection over the PLG fixture', () => {
  it.each<[string, string[]]>([
    ['*', sorted(RAW, BRONZE, SILVER, GOLD)],
    ['key:silver/user_dim', ['silver/user_dim']],
    ['silver/user_dim', ['silver/user_dim']],
    ['key:"raw/conversions"', ['raw/conversions']],
    ['key:bronze/*', BRONZE],
    ['key:*_dim', ['silver/user_dim']],
    ['key:*conversion*', sorted(['raw/conversions', 'bronze/conversions'], GOLD)],
    ['key:nothing/*', []],
    ['group:silver', SILVER],
    ['group:raw', RAW],
    ['group:nope', []],
    [
      'owner:"team:growth"',
      sorted(['silver/user_dim', 'silver/feature_usage_facts'], ['gold/feature_conversion_impact']),
    ],
    ['owner:alice@example.com', GOLD],
    ['kind:scd2', ['silver/feature_states']],
    ['kind:source', RAW],
    ['tag:pii', ['bronze/user_signups', 'silver/user_dim']],
    ['tag:pii=email', ['bronze/user_signups']],
    ['tag:domain=revenue', sorted(['bronze/conversions'], GOLD)],
    ['tag:arrival', ['raw/feature_usage_events']],
    // Dagster's grammar: "+" on an attribute term is every level
    ['+key:gold/feature_conversion_lift', sorted(RAW, BRONZE, SILVER, GOLD)],
    ['1+key:silver/user_dim', ['bronze/conversions', 'bronze/user_signups', 'silver/user_dim']],
    [
      '2+key:silver/user_dim',
      [
        'bronze/conversions',
        'bronze/user_signups',
        'raw/conversions',
        'raw/user_signups',
        'silver/user_dim',
      ],
    ],
    ['key:bronze/conversions+', sorted(['bronze/conversions', 'silver/user_dim'], GOLD)],
    [
      'key:bronze/conversions+1',
      ['bronze/conversions', 'gold/feature_conversion_impact', 'silver/user_dim'],
    ],
    [
      '1+key:silver/feature_states+1',
      ['bronze/feature_releases', 'gold/feature_conversion_impact', 'silver/feature_states'],
    ],
    [
      '+key:silver/feature_states+',
      sorted(['raw/feature_releases', 'bronze/feature_releases', 'silver/feature_states'], GOLD),
    ],
    ['(group:silver)+1', sorted(SILVER, ['gold/feature_conversion_impact'])],
    // Legacy bare keys: one "+" is one level, "*" is every level
    ['+silver/feature_states', ['bronze/feature_releases', 'silver/feature_states']],
    [
      '++silver/feature_states',
      ['bronze/feature_releases', 'raw/feature_releases', 'silver/feature_states'],
    ],
    [
      '*silver/feature_states',
      ['bronze/feature_releases', 'raw/feature_releases', 'silver/feature_states'],
    ],
    ['silver/user_dim+', ['gold/feature_conversion_impact', 'silver/user_dim']],
    [
      'silver/user_dim*',
      ['gold/feature_conversion_impact', 'gold/feature_conversion_lift', 'silver/user_dim'],
    ],
    // Functions: roots/sinks of the selection, within the selection
    ['roots()', RAW],
    ['roots(*)', RAW],
    ['sinks()', ['gold/feature_conversion_lift']],
    ['roots(group:silver or group:gold)', SILVER],
    ['sinks(group:silver)', SILVER],
    ['sinks(group:bronze or group:silver)', SILVER],
    ['roots(+key:gold/feature_conversion_impact and not group:raw)', BRONZE],
    ['sinks(+key:silver/user_dim)', ['silver/user_dim']],
    // Operators
    ['group:silver or group:gold', sorted(SILVER, GOLD)],
    ['group:silver, group:gold', sorted(SILVER, GOLD)],
    [
      'tag:domain=product and group:silver',
      ['silver/feature_states', 'silver/feature_usage_facts'],
    ],
    ['not group:raw and not group:bronze', sorted(SILVER, GOLD)],
    ['not (group:raw or group:bronze)', sorted(SILVER, GOLD)],
    [
      'key:raw/user_signups+ and +key:gold/feature_conversion_impact',
      [
        'bronze/user_signups',
        'gold/feature_conversion_impact',
        'raw/user_signups',
        'silver/user_dim',
      ],
    ],
  ])('%s', (expression, expected) => {
    expect(select(expression)).toEqual(expected)
  })

  it('resolves an AST built by hand, without the expression text', () => {
    const keys = resolveSelection({ type: 'group', value: 'gold' }, defs)
    expect([...keys].sort()).toEqual(GOLD)
  })

  it('reports an unknown exact key with SELECTION_UNKNOWN_KEY, with or without the text', () => {
    expect(() => select('key:gold/nope')).toThrow(
      expect.objectContaining({ code: 'SELECTION_UNKNOWN_KEY', column: 5 }),
    )
    expect(() => resolveSelection(parseSelection('gold/nope'), defs)).toThrow(
      expect.objectContaining({ code: 'SELECTION_UNKNOWN_KEY' }),
    )
  })

  it('checks keys inside operators that select nothing else', () => {
    expect(() => select('group:gold and key:gold/nope')).toThrow(
      expect.objectContaining({ code: 'SELECTION_UNKNOWN_KEY', column: 20 }),
    )
  })
})
