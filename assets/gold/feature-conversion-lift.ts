import * as z from 'zod'
import { defineAsset, eager, type SqlFragment, sql, type TableRef } from '../../framework/index.js'
import { col } from '../columns.js'
import { goldFeatureConversionImpact } from './feature-conversion-impact.js'
import { newcombeInterval, twoProportionPValue } from './proportion-stats.js'

/** The feature whose effect the pipeline exists to measure. */
const COLLAB_FEATURE = 'real_time_collab'

/** Adopter and non-adopter counts of a feature, read from the impact table. */
export interface CohortCounts {
  feature_name: string
  adopters: number
  adopters_converted: number
  non_adopters: number
  non_adopters_converted: number
}

/** Adopters vs non-adopters of each feature: lift, rate difference with its 95% CI, p-value. */
export const goldFeatureConversionLift = defineAsset({
  key: 'gold/feature_conversion_lift',
  automation: eager(),
  description:
    "Per enabled feature: adopters (used_before_conversion) vs non-adopters (available_not_used). lift = adopter_rate / non_adopter_rate; rate_difference = adopter_rate - non_adopter_rate with Newcombe's hybrid Wilson score 95% interval (ci_low, ci_high); p_value = two-sided pooled two-proportion z-test. NULL where undefined: an empty group, a zero non-adopter rate (lift), or no variance (p_value).",
  deps: { impact: goldFeatureConversionImpact },
  schema: z.object({
    feature_name: col.varchar(),
    adopters: col.integer(),
    adopter_rate: col.double().nullable(),
    non_adopters: col.integer(),
    non_adopter_rate: col.double().nullable(),
    lift: col.double().nullable(),
    rate_difference: col.double().nullable(),
    ci_low: col.double().nullable(),
    ci_high: col.double().nullable(),
    p_value: col.double().nullable(),
  }),
  materialize: async ({ inputs, query, addMetadata, log }) => {
    // The statistics need erfc, which DuckDB lacks: read the few counts, compute in TS, write back.
    const counts = await query<CohortCounts>(cohortCountsSql(inputs.impact))
    const headline = collabHeadline(counts)
    if (headline !== undefined) {
      log.info(headline)
      addMetadata({ summary: headline })
    }
    return liftSql(counts)
  },
})

/** Per feature: adopters and non-adopters with their conversions, from the impact table. */
export function cohortCountsSql(impact: TableRef): SqlFragment {
  return sql`
    SELECT feature_name,
           (sum(total_users) FILTER (cohort = 'used_before_conversion'))::INTEGER AS adopters,
           (sum(converted_users) FILTER (cohort = 'used_before_conversion'))::INTEGER AS adopters_converted,
           (sum(total_users) FILTER (cohort = 'available_not_used'))::INTEGER AS non_adopters,
           (sum(converted_users) FILTER (cohort = 'available_not_used'))::INTEGER AS non_adopters_converted
    FROM ${impact} GROUP BY feature_name ORDER BY feature_name`
}

/** The lift table's rows: the statistics of each feature's counts, computed here, as SQL values. */
export function liftSql(counts: readonly CohortCounts[]): SqlFragment {
  const rows = counts.map(liftRow)
  const empty = sql`(NULL::VARCHAR, 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, NULL)`
  return sql`
    SELECT feature_name, adopters::INTEGER AS adopters, adopter_rate::DOUBLE AS adopter_rate,
           non_adopters::INTEGER AS non_adopters, non_adopter_rate::DOUBLE AS non_adopter_rate,
           lift::DOUBLE AS lift, rate_difference::DOUBLE AS rate_difference,
           ci_low::DOUBLE AS ci_low, ci_high::DOUBLE AS ci_high, p_value::DOUBLE AS p_value
    FROM (VALUES ${sql.join(rows.length > 0 ? rows : [empty])})
      AS t(feature_name, adopters, adopter_rate, non_adopters, non_adopter_rate, lift, rate_difference, ci_low, ci_high, p_value)
    WHERE feature_name IS NOT NULL
    ORDER BY feature_name`
}

function liftRow(c: CohortCounts): SqlFragment {
  const a = c.adopters ?? 0
  const n = c.non_adopters ?? 0
  const adopterRate = a > 0 ? (c.adopters_converted ?? 0) / a : undefined
  const nonAdopterRate = n > 0 ? (c.non_adopters_converted ?? 0) / n : undefined
  const ci = newcombeInterval(c.adopters_converted ?? 0, a, c.non_adopters_converted ?? 0, n)
  const pValue = twoProportionPValue(c.adopters_converted ?? 0, a, c.non_adopters_converted ?? 0, n)
  const both = adopterRate !== undefined && nonAdopterRate !== undefined
  const values = [
    num(adopterRate),
    sql`${n}`,
    num(nonAdopterRate),
    num(both && nonAdopterRate > 0 ? adopterRate / nonAdopterRate : undefined),
    num(both ? adopterRate - nonAdopterRate : undefined),
    num(ci?.low),
    num(ci?.high),
    num(pValue),
  ]
  return sql`(${sql.literal(c.feature_name)}, ${a}, ${sql.join(values)})`
}

/** The key insight, as the CLI prints it under the asset and the README quotes it. */
function collabHeadline(counts: readonly CohortCounts[]): string | undefined {
  const c = counts.find((row) => row.feature_name === COLLAB_FEATURE)
  if (c === undefined || !(c.adopters > 0) || !(c.non_adopters > 0)) return undefined
  const adopterRate = c.adopters_converted / c.adopters
  const nonAdopterRate = c.non_adopters_converted / c.non_adopters
  const ci = newcombeInterval(
    c.adopters_converted,
    c.adopters,
    c.non_adopters_converted,
    c.non_adopters,
  )
  const pValue = twoProportionPValue(
    c.adopters_converted,
    c.adopters,
    c.non_adopters_converted,
    c.non_adopters,
  )
  const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`
  const points = (rate: number) => `${rate >= 0 ? '+' : ''}${(rate * 100).toFixed(1)}`
  const interval = ci === undefined ? '' : `, 95% CI [${points(ci.low)}, ${points(ci.high)}] pts`
  return `${COLLAB_FEATURE}: adopters convert ${pct(adopterRate)} (${c.adopters_converted}/${c.adopters}) vs ${pct(nonAdopterRate)} (${c.non_adopters_converted}/${c.non_adopters}) for non-adopters; lift ${(adopterRate / nonAdopterRate).toFixed(2)}, difference ${points(adopterRate - nonAdopterRate)} pts${interval}${pValue === undefined ? '' : `, p = ${pValue.toPrecision(2)}`}`
}

/** A number as a DOUBLE literal, or NULL. */
function num(value: number | undefined): SqlFragment {
  return value === undefined ? sql`NULL` : sql`${value}::DOUBLE`
}
