import * as z from 'zod'
import { anyOf, defineAsset, newSourceFiles, onCron, sql } from '../../framework/index.js'
import { col } from '../columns.js'
import { rawFeatureReleases } from '../sources.js'
import { type BronzeFormat, ingestFiles } from './ingest-files.js'
import { lineageColumns } from './lineage-columns.js'

/** How bronze reads raw/feature_releases: one JSON array; is_enabled defaults to true. */
export const featureReleasesIngest: BronzeFormat = {
  sourcePath: rawFeatureReleases.path,
  format: 'json-array',
  fields: [
    { name: 'feature_id', kind: 'string' },
    { name: 'feature_name', kind: 'string' },
    { name: 'release_date', kind: 'date' },
    { name: 'version', kind: 'string' },
    { name: 'is_enabled', kind: 'boolean', default: sql`true` },
  ],
}

/** Every release record of the catalog, typed; `is_enabled` defaults to true when absent or null. */
export const bronzeFeatureReleases = defineAsset({
  key: 'bronze/feature_releases',
  automation: anyOf(onCron('@daily'), newSourceFiles()),
  description:
    'Feature releases as exported, one row per release record, typed. Records that cannot be typed go to bronze/_quarantine/feature_releases. `_source_line` is the position in the JSON array.',
  deps: { raw: rawFeatureReleases },
  schema: z.object({
    feature_id: col.varchar(),
    feature_name: col.varchar(),
    release_date: col.date(),
    version: col.varchar(),
    is_enabled: col.boolean(),
    ...lineageColumns,
  }),
  materialize: (ctx) => ingestFiles(ctx, { source: ctx.inputs.raw, ...featureReleasesIngest }),
})
