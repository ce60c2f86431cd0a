import { defineSource } from '../framework/index.js'

/** The feature catalog: one JSON array, one element per released version of a feature. */
export const rawFeatureReleases = defineSource({
  key: 'raw/feature_releases',
  path: 'raw/feature_releases.json',
  description:
    'Feature releases as exported by the release tool: one JSON array, an element per version.',
})

/** Signups, one JSON object a line. */
export const rawUserSignups = defineSource({
  key: 'raw/user_signups',
  path: 'raw/user_signups.jsonl',
  description: 'User signups from the product database, one JSON object a line.',
})

/** Usage events: a folder of daily JSON Lines files, so that each new day is a new file. */
export const rawFeatureUsageEvents = defineSource({
  key: 'raw/feature_usage_events',
  path: 'raw/feature_usage_events',
  pattern: /\.jsonl$/,
  description:
    'Product analytics events, one file per day (YYYY-MM-DD.jsonl), one JSON object a line.',
})

/** Conversions to a paid plan, one JSON object a line. */
export const rawConversions = defineSource({
  key: 'raw/conversions',
  path: 'raw/conversions.jsonl',
  description: 'Conversions to a paid plan from billing, one JSON object a line.',
})
