import * as z from 'zod'
import { defineAsset, eager, type SqlFragment, sql, type TableRef } from '../../framework/index.js'
import { bronzeFeatureUsageEvents } from '../bronze/feature-usage-events.js'
import { col } from '../columns.js'

/**
 * Usage per (user, feature) as of the latest event date in bronze. Each run replaces the snapshot of
 * its as_of_date only (replaceWhere on the partition), so earlier snapshots stay queryable.
 */
export const silverFeatureUsageFacts = defineAsset({
  key: 'silver/feature_usage_facts',
  automation: eager(),
  description:
    'Per user and feature: first/last use (UTC dates), distinct events, events per day between first and last use (inclusive). Events are deduplicated by event_id (the earliest ingested copy wins). One snapshot per as_of_date = the latest event_date in bronze; a re-run replaces only that snapshot.',
  deps: { events: bronzeFeatureUsageEvents },
  partitionBy: ['as_of_date'],
  schema: z.object({
    user_id: col.varchar(),
    feature_id: col.varchar(),
    first_used_date: col.date(),
    last_used_date: col.date(),
    total_usage_count: col.integer(),
    avg_daily_usage: col.double(),
    as_of_date: col.date(),
  }),
  materialize: async ({ inputs, output, query, addMetadata }) => {
    const [latest] = await query<{ as_of_date: string | null }>(
      sql`SELECT max(event_date)::VARCHAR AS as_of_date FROM ${inputs.events}`,
    )
    const asOf = latest?.as_of_date
    if (asOf === null || asOf === undefined) {
      throw new Error(
        'silver/feature_usage_facts: bronze/feature_usage_events has no events, so there is no as_of_date to snapshot. Add usage files to raw/feature_usage_events/ and materialize bronze again',
      )
    }
    const asOfDate = sql`DATE ${sql.literal(asOf)}`
    addMetadata({ as_of_date: asOf })
    const snapshot = usageFactsSql(inputs.events, asOfDate)
    await output.replaceWhere(snapshot, sql`as_of_date = ${asOfDate}`)
  },
})

/**
 * The usage snapshot as of `asOfDate` (a DATE expression) from every bronze event: events deduplicated
 * by event_id (the earliest ingested copy wins), then per user and feature. Duplicates are rare, so
 * only events whose id hash occurs more than once go through the window that picks the first copy
 * of each id; the rest pass straight through (a window over every event costs three times as much).
 * A hash collision only sends a few unique events through the window, which keeps them.
 */
export function usageFactsSql(events: TableRef, asOfDate: SqlFragment): SqlFragment {
  return sql`
    WITH hashed AS NOT MATERIALIZED (
      SELECT *, hash(event_id) AS id_hash FROM ${events}
    ),
    repeated AS (
      SELECT id_hash FROM hashed GROUP BY id_hash HAVING count(*) > 1
    ),
    events AS (
      SELECT user_id, feature_id, event_date
      FROM hashed ANTI JOIN repeated USING (id_hash)
      UNION ALL
      SELECT user_id, feature_id, event_date
      FROM (SELECT * FROM hashed SEMI JOIN repeated USING (id_hash))
      QUALIFY row_number() OVER (
        PARTITION BY event_id ORDER BY ingestion_timestamp, _source_file, _source_line) = 1
    )
    SELECT user_id, feature_id,
           min(event_date) AS first_used_date,
           max(event_date) AS last_used_date,
           count(*)::INTEGER AS total_usage_count,
           count(*)::DOUBLE / (date_diff('day', min(event_date), max(event_date)) + 1) AS avg_daily_usage,
           ${asOfDate} AS as_of_date
    FROM events
    GROUP BY user_id, feature_id
    ORDER BY user_id, feature_id`
}
