import { type CheckDefinition, sql } from '../../framework/index.js'
import { OPEN_END } from '../silver/feature-history.js'
import { silverFeatureStates } from '../silver/feature-states.js'
import { silverFeatureUsageFacts } from '../silver/feature-usage-facts.js'
import { silverUserDim } from '../silver/user-dim.js'
import { ruleCheck } from './rule-check.js'
import { tableChecks, uniqueKey } from './table-checks.js'

// SCD invariants are error + blocking: gold reads "the current state" and "the first release" from
// this table, and a broken history would put users in the wrong cohort without any error.
const scdChecks: CheckDefinition[] = [
  uniqueKey(silverFeatureStates, ['feature_id', 'effective_from']),
  ruleCheck(silverFeatureStates, {
    name: 'one_current_row_per_feature',
    description:
      "Each feature has exactly one current row. Error, blocking: gold takes each feature's current state from it.",
    severity: 'error',
    blocking: true,
    what: 'features without exactly one current row',
    violations: (t) => sql`
      SELECT feature_id || ' has ' || count(*) FILTER (is_current) || ' current rows' AS example
      FROM ${t} GROUP BY feature_id HAVING count(*) FILTER (is_current) <> 1`,
  }),
  ruleCheck(silverFeatureStates, {
    name: 'history_contiguous',
    description:
      "A feature's rows neither overlap nor leave gaps: each row ends where the next starts, the last ends 9999-12-31, effective_to is after effective_from, and is_current = (effective_to = 9999-12-31). Error, blocking: cohorts depend on when a feature was available.",
    severity: 'error',
    blocking: true,
    what: 'rows breaking the SCD Type 2 invariants',
    violations: (t) => sql`
      SELECT feature_id || ' from ' || effective_from || ' to ' || effective_to AS example
      FROM (SELECT *, lead(effective_from) OVER (PARTITION BY feature_id ORDER BY effective_from) AS next_from FROM ${t})
      WHERE effective_to <= effective_from
         OR effective_to IS DISTINCT FROM coalesce(next_from, ${OPEN_END})
         OR is_current IS DISTINCT FROM (effective_to = ${OPEN_END})`,
  }),
  ruleCheck(silverFeatureStates, {
    name: 'record_hash_matches',
    description:
      "record_hash = md5(feature_name|version|is_enabled). Warn, not blocking: a wrong hash only risks a missed or spurious state change on the next MERGE; today's rows are still right.",
    severity: 'warn',
    blocking: false,
    what: 'rows whose record_hash does not match their columns',
    violations: (t) => sql`
      SELECT feature_id || ' from ' || effective_from AS example FROM ${t}
      WHERE record_hash <> lower(md5(feature_name || '|' || version || '|' || CASE WHEN is_enabled THEN 'true' ELSE 'false' END))`,
  }),
]

const factChecks: CheckDefinition[] = [
  uniqueKey(silverFeatureUsageFacts, ['user_id', 'feature_id', 'as_of_date']),
  ruleCheck(silverFeatureUsageFacts, {
    name: 'usage_consistent',
    description:
      'first_used_date <= last_used_date <= as_of_date, at least one event, avg_daily_usage = total / days in use. Error, blocking: cohorts are decided by first_used_date.',
    severity: 'error',
    blocking: true,
    what: 'inconsistent usage rows',
    violations: (t) => sql`
      SELECT user_id || '/' || feature_id || ' as of ' || as_of_date AS example FROM ${t}
      WHERE first_used_date > last_used_date OR last_used_date > as_of_date OR total_usage_count < 1
         OR abs(avg_daily_usage - total_usage_count / (date_diff('day', first_used_date, last_used_date) + 1)) > 1e-9`,
  }),
]

/** Checks of the silver layer: table basics, unique keys, SCD invariants, usage consistency. */
export const silverChecks: CheckDefinition[] = [
  ...tableChecks(silverFeatureStates),
  ...scdChecks,
  ...tableChecks(silverUserDim),
  uniqueKey(silverUserDim, ['user_id']),
  ...tableChecks(silverFeatureUsageFacts),
  ...factChecks,
]
