import type { ConversionByCohort, FeatureLift } from '../../../../framework/api/schemas.js'

export const COHORTS = [
  { key: 'used_before_conversion', label: 'Used before converting', color: '#3b6fe0' },
  { key: 'available_not_used', label: 'Available, not used', color: '#c8962e' },
  { key: 'not_available', label: 'Not available yet', color: '#a0a7b4' },
] as const

export type CohortRow = { feature: string } & Partial<
  Record<(typeof COHORTS)[number]['key'], number>
>

/** One row per feature with the conversion rate (in %) of each cohort; empty cohorts are left out. */
export function cohortRows(rows: readonly ConversionByCohort[]): CohortRow[] {
  const byFeature = new Map<string, CohortRow>()
  for (const row of rows) {
    const entry = byFeature.get(row.feature_name) ?? { feature: row.feature_name }
    if (row.conversion_rate !== null) entry[row.cohort] = round(row.conversion_rate * 100)
    byFeature.set(row.feature_name, entry)
  }
  return [...byFeature.values()]
}

export interface LiftPoint {
  readonly feature: string
  /** Adopter rate minus non-adopter rate, in percentage points. */
  readonly difference: number
  /** Distances from `difference` to the CI's ends, as ErrorBar wants them. */
  readonly interval: [number, number]
  readonly lift: number | null
  readonly significant: boolean
}

/**
 * The rate difference of each feature with its 95% CI (in points), sorted by lift. Features
 * without both cohorts have no difference and are left out.
 */
export function liftPoints(rows: readonly FeatureLift[]): LiftPoint[] {
  return rows
    .filter((row) => row.rate_difference !== null && row.ci_low !== null && row.ci_high !== null)
    .map((row) => {
      const difference = round((row.rate_difference as number) * 100)
      const low = round((row.ci_low as number) * 100)
      const high = round((row.ci_high as number) * 100)
      return {
        feature: row.feature_name,
        difference,
        interval: [round(difference - low), round(high - difference)] as [number, number],
        lift: row.lift,
        significant: low > 0 || high < 0,
      }
    })
    .sort((a, b) => (b.lift ?? 0) - (a.lift ?? 0))
}

const round = (value: number) => Math.round(value * 100) / 100
