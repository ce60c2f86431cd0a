import { type SqlFragment, sql, type TableRef } from '../../framework/index.js'

/** The three cohorts, in the order the impact table lists them. */
export const COHORTS = ['used_before_conversion', 'available_not_used', 'not_available'] as const

export interface CohortInputs {
  readonly states: TableRef
  readonly users: TableRef
  readonly facts: TableRef
  readonly conversions: TableRef
}

/** Features whose current state is enabled: feature_id, its current name, release_date (first state). */
export function enabledFeatures(states: TableRef): SqlFragment {
  return sql`
    SELECT feature_id, any_value(feature_name) FILTER (is_current) AS feature_name,
           min(effective_from) AS release_date
    FROM ${states}
    GROUP BY feature_id
    HAVING bool_or(is_current AND is_enabled)`
}

/**
 * One row per (eligible user, enabled feature) with the user's cohort for that feature, as the spec
 * defines it (W = `windowDays`):
 * - features: current, enabled states; release date = the earliest effective_from of the feature;
 * - users: signup_date + W <= as_of_date (the latest snapshot of the usage facts);
 * - conversion: the user's earliest (ties: first ingested); days_to_convert from user_dim's signup_date;
 * - cutoff = the earlier of signup_date + W and the conversion date;
 * - cohort: first use on or before cutoff, else released on or before cutoff, else not available.
 * Columns: feature_id, feature_name, user_id, converted, days_to_convert, mrr, cohort.
 */
export function userFeatureCohorts(inputs: CohortInputs, windowDays: number): SqlFragment {
  return sql`
    WITH first_use AS (
      SELECT user_id, feature_id, first_used_date
      FROM ${inputs.facts} WHERE as_of_date = (SELECT max(as_of_date) FROM ${inputs.facts})
    ),
    features AS (${enabledFeatures(inputs.states)}),
    users AS (${eligibleUsers(inputs, windowDays)})
    SELECT f.feature_id, f.feature_name, u.user_id, u.converted, u.days_to_convert, u.mrr,
           CASE WHEN x.first_used_date <= u.cutoff THEN 'used_before_conversion'
                WHEN f.release_date <= u.cutoff THEN 'available_not_used'
                ELSE 'not_available' END AS cohort
    FROM users u CROSS JOIN features f
    LEFT JOIN first_use x ON x.user_id = u.user_id AND x.feature_id = f.feature_id`
}

/**
 * Users whose activation window is complete (signup_date + W <= the latest as_of_date of the facts),
 * with their earliest conversion (ties: first ingested) and cutoff.
 * Columns: user_id, converted, days_to_convert, mrr, cutoff.
 */
export function eligibleUsers(inputs: CohortInputs, windowDays: number): SqlFragment {
  const w = sql`${windowDays}::INTEGER`
  return sql`
    WITH first_conversion AS (
      SELECT user_id, conversion_date, mrr
      FROM ${inputs.conversions}
      QUALIFY row_number() OVER (
        PARTITION BY user_id ORDER BY conversion_date, ingestion_timestamp, _source_file, _source_line) = 1
    )
    SELECT u.user_id, c.conversion_date IS NOT NULL AS converted,
           date_diff('day', u.signup_date, c.conversion_date) AS days_to_convert, c.mrr,
           least(u.signup_date + ${w}, coalesce(c.conversion_date, u.signup_date + ${w})) AS cutoff
    FROM ${inputs.users} u LEFT JOIN first_conversion c USING (user_id)
    WHERE u.signup_date + ${w} <= (SELECT max(as_of_date) FROM ${inputs.facts})`
}
