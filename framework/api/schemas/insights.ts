import * as z from 'zod'

/** A row of gold/feature_conversion_impact (see the PLG data contract). */
export const ConversionByCohort = z.object({
  feature_name: z.string(),
  cohort: z.enum(['used_before_conversion', 'available_not_used', 'not_available']),
  total_users: z.number(),
  converted_users: z.number(),
  /** NULL when the cohort is empty. */
  conversion_rate: z.number().nullable(),
  avg_days_to_convert: z.number().nullable(),
  avg_mrr: z.number().nullable(),
})
export type ConversionByCohort = z.infer<typeof ConversionByCohort>

/** A row of gold/feature_conversion_lift: adopters vs available-but-not-used, with a 95% CI. */
export const FeatureLift = z.object({
  feature_name: z.string(),
  adopters: z.number(),
  adopter_rate: z.number().nullable(),
  non_adopters: z.number(),
  non_adopter_rate: z.number().nullable(),
  lift: z.number().nullable(),
  rate_difference: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
  p_value: z.number().nullable(),
})
export type FeatureLift = z.infer<typeof FeatureLift>

/** GET /api/insights; 404 NOT_MATERIALIZED while the gold tables do not exist yet. */
export const InsightsResponse = z.object({
  conversionByCohort: z.array(ConversionByCohort),
  lift: z.array(FeatureLift),
  /** The real_time_collab row of `lift`, with a sentence for the page header; null if absent. */
  headline: FeatureLift.extend({ summary: z.string() }).nullable(),
  /** When each gold table was last materialized. */
  materializedAt: z.object({ impact: z.string().nullable(), lift: z.string().nullable() }),
})
export type InsightsResponse = z.infer<typeof InsightsResponse>

/** GET /api/health. */
export const HealthResponse = z.object({
  status: z.literal('ok'),
  assets: z.number().int(),
  sources: z.number().int(),
  activeRuns: z.number().int(),
  /** Whether /api requests need `Authorization: Bearer <token>`. */
  auth: z.boolean(),
})
export type HealthResponse = z.infer<typeof HealthResponse>
