import * as z from 'zod'
import { defineAsset, eager, type SqlFragment, sql } from '../../framework/index.js'
import { bronzeConversions } from '../bronze/conversions.js'
import { col } from '../columns.js'
import { activationWindowDays } from '../settings.js'
import { silverFeatureStates } from '../silver/feature-states.js'
import { silverFeatureUsageFacts } from '../silver/feature-usage-facts.js'
import { silverUserDim } from '../silver/user-dim.js'
import { integrityAudit } from './integrity-audit.js'
import {
  COHORTS,
  type CohortInputs,
  enabledFeatures,
  userFeatureCohorts,
} from './user-feature-cohorts.js'

/** Conversion by feature and cohort: does adopting a feature before converting go with converting? */
export const goldFeatureConversionImpact = defineAsset({
  key: 'gold/feature_conversion_impact',
  automation: eager(),
  description:
    'Per enabled feature and cohort (used_before_conversion, available_not_used, not_available; see the spec): users, converted users, conversion rate, and days to convert and MRR averaged over converted users only (NULL when none). Users whose activation window (W days, MEDALLION_ACTIVATION_WINDOW_DAYS, default 14) is not complete are left out. Every (feature, cohort) appears; an empty one has total_users 0 and a NULL rate. Beside it, gold/_audit/feature_conversion_impact holds eligible users and dangling references for the checks.',
  deps: {
    states: silverFeatureStates,
    users: silverUserDim,
    facts: silverFeatureUsageFacts,
    conversions: bronzeConversions,
  },
  schema: z.object({
    feature_name: col.varchar(),
    cohort: col.varchar(),
    total_users: col.integer(),
    converted_users: col.integer(),
    conversion_rate: col.double().nullable(),
    avg_days_to_convert: col.double().nullable(),
    avg_mrr: col.money().nullable(),
  }),
  materialize: async ({ inputs, addMetadata, companion }) => {
    const windowDays = activationWindowDays()
    addMetadata({ activation_window_days: windowDays })
    await companion('audit').overwrite(integrityAudit(inputs, windowDays))
    return conversionImpactSql(inputs, windowDays)
  },
})

/** Conversion by enabled feature and cohort (W = `windowDays`), every (feature, cohort) listed. */
export function conversionImpactSql(inputs: CohortInputs, windowDays: number): SqlFragment {
  const cohorts = sql.join(COHORTS.map((c, i) => sql`(${sql.literal(c)}, ${i})`))
  return sql`
    WITH pairs AS (${userFeatureCohorts(inputs, windowDays)}),
    features AS (${enabledFeatures(inputs.states)}),
    cohorts AS (SELECT * FROM (VALUES ${cohorts}) AS t(cohort, position))
    SELECT f.feature_name, k.cohort,
           count(p.user_id)::INTEGER AS total_users,
           (count(p.user_id) FILTER (p.converted))::INTEGER AS converted_users,
           CASE WHEN count(p.user_id) > 0
                THEN (count(p.user_id) FILTER (p.converted))::DOUBLE / count(p.user_id) END AS conversion_rate,
           avg(p.days_to_convert) FILTER (p.converted)::DOUBLE AS avg_days_to_convert,
           avg(p.mrr) FILTER (p.converted)::DECIMAL(10,2) AS avg_mrr
    FROM features f CROSS JOIN cohorts k
    LEFT JOIN pairs p ON p.feature_id = f.feature_id AND p.cohort = k.cohort
    GROUP BY f.feature_name, k.cohort, k.position
    ORDER BY f.feature_name, k.position`
}
