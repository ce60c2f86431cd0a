import { type SqlFragment, sql } from '../../framework/index.js'
import { type CohortInputs, eligibleUsers } from './user-feature-cohorts.js'

/** Measures written to gold/_audit/feature_conversion_impact for the gold checks. */
export type AuditMeasure =
  | 'eligible_users'
  | 'conversions_unknown_user'
  | 'usage_unknown_user'
  | 'usage_unknown_feature'

/**
 * Facts the gold checks need but cannot see from the gold table alone: how many users were
 * eligible, and how many rows of the inputs point at users or features that do not exist (they
 * drop out of gold silently). Computed here because this is the one asset reading all four inputs.
 * Columns: measure, value, example (one offending key, NULL when value is 0).
 */
export function integrityAudit(inputs: CohortInputs, windowDays: number): SqlFragment {
  return sql`
    WITH latest AS (
      SELECT * FROM ${inputs.facts} WHERE as_of_date = (SELECT max(as_of_date) FROM ${inputs.facts})
    ),
    measures AS (
      SELECT 'eligible_users' AS measure, count(*) AS value, NULL AS example
      FROM (${eligibleUsers(inputs, windowDays)})
      UNION ALL
      SELECT 'conversions_unknown_user', count(*), min(user_id)
      FROM ${inputs.conversions} c WHERE user_id NOT IN (SELECT user_id FROM ${inputs.users})
      UNION ALL
      SELECT 'usage_unknown_user', count(*), min(user_id)
      FROM latest WHERE user_id NOT IN (SELECT user_id FROM ${inputs.users})
      UNION ALL
      SELECT 'usage_unknown_feature', count(*), min(feature_id)
      FROM latest WHERE feature_id NOT IN (SELECT feature_id FROM ${inputs.states})
    )
    SELECT measure, value::INTEGER AS value, example::VARCHAR AS example FROM measures`
}
