import type { AssetKey } from '../../definitions/asset-key.js'
import type { AnyAsset } from '../../definitions/types.js'
import { FrameworkError } from '../../errors.js'
import type { ApiDeps } from '../deps.js'
import type { ConversionByCohort, FeatureLift, InsightsResponse } from '../schemas.js'
import { readTable } from './table-read.js'

const IMPACT: AssetKey = 'gold/feature_conversion_impact'
const LIFT: AssetKey = 'gold/feature_conversion_lift'
const HEADLINE_FEATURE = 'real_time_collab'

// Counts and money are BIGINT/DECIMAL in the tables, which JSON would carry as strings: cast them
// to DOUBLE in SQL so the page gets numbers.
const IMPACT_SQL = (
  from: string,
) => `select feature_name::VARCHAR as feature_name, cohort::VARCHAR as cohort,
  total_users::DOUBLE as total_users, converted_users::DOUBLE as converted_users,
  conversion_rate::DOUBLE as conversion_rate, avg_days_to_convert::DOUBLE as avg_days_to_convert,
  avg_mrr::DOUBLE as avg_mrr from ${from} order by feature_name, cohort`
const LIFT_SQL = (from: string) => `select feature_name::VARCHAR as feature_name,
  adopters::DOUBLE as adopters, adopter_rate::DOUBLE as adopter_rate,
  non_adopters::DOUBLE as non_adopters, non_adopter_rate::DOUBLE as non_adopter_rate,
  lift::DOUBLE as lift, rate_difference::DOUBLE as rate_difference, ci_low::DOUBLE as ci_low,
  ci_high::DOUBLE as ci_high, p_value::DOUBLE as p_value from ${from} order by lift desc nulls last`

/** The PLG insights page: conversion by feature and cohort, lift with its CI, the headline. */
export async function insights(deps: ApiDeps): Promise<InsightsResponse> {
  const impactAsset = goldAsset(deps, IMPACT)
  const liftAsset = goldAsset(deps, LIFT)
  const latest = await deps.instance.store.latestMaterializations([IMPACT, LIFT])
  for (const key of [IMPACT, LIFT]) {
    if (!latest.has(key)) throw notYet(key)
  }
  const [impact, lift] = await Promise.all([
    readTable(deps.instance, impactAsset, { kind: 'latest' }, IMPACT_SQL),
    readTable(deps.instance, liftAsset, { kind: 'latest' }, LIFT_SQL),
  ])
  const liftRows = lift.rows as FeatureLift[]
  const collab = liftRows.find((row) => row.feature_name === HEADLINE_FEATURE)
  return {
    conversionByCohort: impact.rows as ConversionByCohort[],
    lift: liftRows,
    headline: collab === undefined ? null : { ...collab, summary: headline(collab) },
    materializedAt: {
      impact: latest.get(IMPACT)?.at ?? null,
      lift: latest.get(LIFT)?.at ?? null,
    },
  }
}

function headline(row: FeatureLift): string {
  if (row.lift === null || row.adopter_rate === null || row.non_adopter_rate === null) {
    return `Not enough users to compare ${row.feature_name} adopters with non-adopters yet.`
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`
  const ci =
    row.ci_low === null || row.ci_high === null
      ? ''
      : ` (difference ${pct(row.rate_difference ?? 0)}, 95% CI ${pct(row.ci_low)} to ${pct(row.ci_high)})`
  return `Users who adopt ${row.feature_name} early convert ${row.lift.toFixed(2)}× as often: ${pct(row.adopter_rate)} vs ${pct(row.non_adopter_rate)}${ci}.`
}

function goldAsset(deps: ApiDeps, key: AssetKey): AnyAsset {
  const asset = deps.definitions.assets.get(key)
  if (asset === undefined) {
    throw new FrameworkError(
      'ASSET_NOT_FOUND',
      `insights: the definitions have no asset "${key}".`,
      {
        hint: 'Insights read the PLG pipeline’s gold tables; load the bundled definitions (assets/index.ts).',
      },
    )
  }
  return asset
}

function notYet(key: AssetKey): FrameworkError {
  return new FrameworkError(
    'NOT_MATERIALIZED',
    `insights: "${key}" has not been materialized yet.`,
    {
      hint: 'Materialize the gold layer first: POST /api/runs {"select":"+group:gold"} or `medallion materialize --select "+key:gold/feature_conversion_lift"`.',
    },
  )
}
