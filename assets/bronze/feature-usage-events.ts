import * as z from 'zod'
import { anyOf, defineAsset, newSourceFiles, onCron, sql } from '../../framework/index.js'
import { col } from '../columns.js'
import { rawFeatureUsageEvents } from '../sources.js'
import { type BronzeFormat, ingestFiles } from './ingest-files.js'
import { lineageColumns } from './lineage-columns.js'

/** How bronze reads raw/feature_usage_events: daily JSON Lines files; event_date is derived in UTC. */
export const usageEventsIngest: BronzeFormat = {
  sourcePath: rawFeatureUsageEvents.path,
  format: 'jsonl',
  fields: [
    { name: 'event_id', kind: 'string' },
    { name: 'user_id', kind: 'string' },
    { name: 'feature_id', kind: 'string' },
    { name: 'feature_name', kind: 'string' },
    { name: 'event_type', kind: 'string' },
    { name: 'event_timestamp', kind: 'timestamptz' },
  ],
  // Explicitly UTC: the session time zone of the connection must not move an event's day.
  derived: sql`timezone('UTC', event_timestamp)::DATE AS event_date`,
}

/** Every usage event, typed, with its UTC date; duplicates and late events kept as they arrived. */
export const bronzeFeatureUsageEvents = defineAsset({
  key: 'bronze/feature_usage_events',
  automation: anyOf(onCron('@daily'), newSourceFiles()),
  description:
    'Usage events as exported, one row per valid line, typed; event_date is the UTC date of event_timestamp. Duplicates are kept (silver dedupes by event_id). Invalid lines go to bronze/_quarantine/feature_usage_events.',
  deps: { raw: rawFeatureUsageEvents },
  partitionBy: ['event_date'],
  schema: z.object({
    event_id: col.varchar(),
    user_id: col.varchar(),
    feature_id: col.varchar(),
    feature_name: col.varchar(),
    event_type: col.varchar(),
    event_timestamp: col.timestamptz(),
    event_date: col.date(),
    ...lineageColumns,
  }),
  materialize: (ctx) => ingestFiles(ctx, { source: ctx.inputs.raw, ...usageEventsIngest }),
})
