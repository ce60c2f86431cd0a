import { type CheckDefinition, sql } from '../../framework/index.js'
import { goldFeatureConversionImpact } from '../gold/feature-conversion-impact.js'
import { goldFeatureConversionLift } from '../gold/feature-conversion-lift.js'
import { ruleCheck } from './rule-check.js'
import { tableChecks, uniqueKey } from './table-checks.js'

const impact = goldFeatureConversionImpact

/** A dangling reference counted in the audit companion; warn: gold leaves such rows out. */
function referenceCheck(name: string, measure: string, what: string, why: string): CheckDefinition {
  return ruleCheck(impact, {
    name,
    description: `${why} Warn, not blocking: the rows drop out of gold (they cannot be placed in a cohort), which usually means an upstream export lags; the numbers for everyone else stay right.`,
    severity: 'warn',
    blocking: false,
    what,
    violations: async (_t, companion) => {
      const audit = await companion('audit')
      if (audit === undefined) return sql`SELECT 'the audit table is missing' AS example`
      return sql`SELECT value || ' rows, e.g. ' || example AS example FROM ${audit}
                 WHERE measure = ${sql.literal(measure)} AND value > 0`
    },
  })
}

const impactChecks: CheckDefinition[] = [
  uniqueKey(impact, ['feature_name', 'cohort']),
  ruleCheck(impact, {
    name: 'rates_consistent',
    description:
      'converted_users <= total_users; conversion_rate = converted/total in [0, 1], NULL exactly when total is 0; averages NULL exactly when nobody converted. Error, blocking: the lift is computed from these counts.',
    severity: 'error',
    blocking: true,
    what: 'rows with inconsistent counts, rates or averages',
    violations: (t) => sql`
      SELECT feature_name || '/' || cohort AS example FROM ${t}
      WHERE converted_users > total_users OR converted_users < 0
         OR (total_users = 0) <> (conversion_rate IS NULL)
         OR conversion_rate NOT BETWEEN 0 AND 1
         OR abs(conversion_rate - converted_users / total_users) > 1e-12
         OR (converted_users = 0) <> (avg_days_to_convert IS NULL)
         OR (converted_users = 0) <> (avg_mrr IS NULL)`,
  }),
  ruleCheck(impact, {
    name: 'cohorts_cover_eligible_users',
    description:
      'Each feature has all three cohorts, and they add up to the number of eligible users (each user is in exactly one cohort per feature). Error, blocking: otherwise users were lost or double-counted.',
    severity: 'error',
    blocking: true,
    what: 'features whose cohorts do not partition the eligible users',
    violations: async (t, companion) => {
      const audit = await companion('audit')
      if (audit === undefined) return sql`SELECT 'the audit table is missing' AS example`
      return sql`
        SELECT feature_name || ': ' || count(*) || ' cohorts, ' || sum(total_users) || ' users of '
               || any_value(e.value) || ' eligible' AS example
        FROM ${t} CROSS JOIN (SELECT value FROM ${audit} WHERE measure = 'eligible_users') e
        GROUP BY feature_name HAVING count(*) <> 3 OR sum(total_users) <> any_value(e.value)`
    },
  }),
  referenceCheck(
    'conversions_reference_known_users',
    'conversions_unknown_user',
    'dangling conversions',
    'Every conversion belongs to a user in silver/user_dim.',
  ),
  referenceCheck(
    'usage_references_known_users',
    'usage_unknown_user',
    'dangling usage rows',
    'Every usage fact belongs to a user in silver/user_dim.',
  ),
  referenceCheck(
    'usage_references_known_features',
    'usage_unknown_feature',
    'usage rows of unknown features',
    'Every usage fact names a feature in silver/feature_states.',
  ),
]

const liftChecks: CheckDefinition[] = [
  uniqueKey(goldFeatureConversionLift, ['feature_name']),
  ruleCheck(goldFeatureConversionLift, {
    name: 'statistics_consistent',
    description:
      'Rates in [0, 1]; rate_difference and lift follow from the rates; ci_low <= rate_difference <= ci_high within [-1, 1]; p_value in [0, 1]. Error, not blocking: nothing is downstream, but a broken statistic must not be read as an insight.',
    severity: 'error',
    blocking: false,
    what: 'rows with inconsistent statistics',
    violations: (t) => sql`
      SELECT feature_name AS example FROM ${t}
      WHERE adopter_rate NOT BETWEEN 0 AND 1 OR non_adopter_rate NOT BETWEEN 0 AND 1
         OR abs(rate_difference - (adopter_rate - non_adopter_rate)) > 1e-12
         OR abs(lift - adopter_rate / non_adopter_rate) > 1e-9
         OR NOT (ci_low <= rate_difference AND rate_difference <= ci_high)
         OR ci_low < -1 OR ci_high > 1 OR p_value NOT BETWEEN 0 AND 1
         OR (adopters = 0) <> (adopter_rate IS NULL) OR (non_adopters = 0) <> (non_adopter_rate IS NULL)`,
  }),
]

/** Checks of the gold layer: table basics, cohort accounting, dangling references, statistics. */
export const goldChecks: CheckDefinition[] = [
  ...tableChecks(impact),
  ...impactChecks,
  ...tableChecks(goldFeatureConversionLift),
  ...liftChecks,
]
