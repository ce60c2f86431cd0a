import * as z from 'zod'
import { assetRef, defineAsset } from '../../framework/definitions/define-asset.js'
import { defineCheck, pass } from '../../framework/definitions/define-check.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import { sql } from '../../framework/definitions/sql.js'

// The shape of the bundled PLG pipeline (see /work/shared/spec/plg-pipeline.md): 4 raw sources,
// 4 bronze, 3 silver and 2 gold assets, with tags, owners and kinds to select on. The SQL is a
// placeholder; tests that need real tables build their own assets.

const n = z.object({ n: z.number() })
const one = () => sql`select 1 as n`

export const rawFeatureReleases = defineSource({
  key: 'raw/feature_releases',
  path: 'raw/feature_releases.json',
})
export const rawUserSignups = defineSource({
  key: 'raw/user_signups',
  path: 'raw/user_signups.jsonl',
})
export const rawFeatureUsageEvents = defineSource({
  key: 'raw/feature_usage_events',
  path: 'raw/feature_usage_events',
  pattern: /\.jsonl$/,
  tags: { arrival: 'daily' },
})
export const rawConversions = defineSource({
  key: 'raw/conversions',
  path: 'raw/conversions.jsonl',
})

const bronze = { owners: ['team:data-platform'], kinds: ['delta', 'jsonl'] } as const

export const featureReleases = defineAsset({
  key: 'bronze/feature_releases',
  ...bronze,
  tags: { domain: 'product' },
  schema: n,
  deps: { raw: rawFeatureReleases },
  materialize: one,
})
export const userSignups = defineAsset({
  key: 'bronze/user_signups',
  ...bronze,
  tags: { domain: 'users', pii: 'email' },
  schema: n,
  deps: { raw: rawUserSignups },
  materialize: one,
})
export const featureUsageEvents = defineAsset({
  key: 'bronze/feature_usage_events',
  ...bronze,
  tags: { domain: 'product' },
  schema: n,
  deps: { raw: rawFeatureUsageEvents },
  materialize: one,
})
export const conversions = defineAsset({
  key: 'bronze/conversions',
  ...bronze,
  tags: { domain: 'revenue' },
  schema: n,
  deps: { raw: rawConversions },
  materialize: one,
})

export const featureStates = defineAsset({
  key: 'silver/feature_states',
  owners: ['team:data-platform'],
  kinds: ['delta', 'scd2'],
  tags: { domain: 'product' },
  schema: n,
  deps: { releases: featureReleases },
  materialize: one,
})
export const userDim = defineAsset({
  key: 'silver/user_dim',
  owners: ['team:growth'],
  kinds: ['delta'],
  tags: { domain: 'users', pii: 'none' },
  schema: n,
  deps: { signups: userSignups, conversions },
  materialize: one,
})
export const featureUsageFacts = defineAsset({
  key: 'silver/feature_usage_facts',
  owners: ['team:growth'],
  kinds: ['delta'],
  tags: { domain: 'product' },
  schema: n,
  deps: { events: featureUsageEvents },
  materialize: one,
})

export const featureConversionImpact = defineAsset({
  key: 'gold/feature_conversion_impact',
  owners: ['team:growth', 'alice@example.com'],
  kinds: ['duckdb'],
  storage: 'duckdb',
  tags: { domain: 'revenue', tier: 'gold' },
  schema: n,
  deps: { features: featureStates, users: userDim, usage: featureUsageFacts, conversions },
  materialize: one,
})
// By key, as an asset in another file would name it to avoid a circular import.
export const featureConversionLift = defineAsset({
  key: 'gold/feature_conversion_lift',
  owners: ['alice@example.com'],
  kinds: ['duckdb'],
  storage: 'duckdb',
  tags: { domain: 'revenue', tier: 'gold' },
  schema: n,
  deps: { impact: assetRef<{ n: number }>('gold/feature_conversion_impact') },
  materialize: one,
})

export const userIdUnique = defineCheck({
  asset: userDim,
  name: 'user_id_unique',
  evaluate: () => pass(),
})

export const fixtureAssets = [
  featureReleases,
  userSignups,
  featureUsageEvents,
  conversions,
  featureStates,
  userDim,
  featureUsageFacts,
  featureConversionImpact,
  featureConversionLift,
]

/** The PLG-shaped definitions; sources are found through the bronze assets' deps. */
export function fixtureDefinitions() {
  return defineDefinitions({ assets: fixtureAssets, checks: [userIdUnique] })
}
