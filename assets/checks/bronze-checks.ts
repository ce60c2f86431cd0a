import type * as z from 'zod'
import {
  type AssetDefinition,
  type AssetDeps,
  type AssetKey,
  type CheckDefinition,
  defineCheck,
  fail,
  pass,
  sql,
} from '../../framework/index.js'
import { bronzeConversions } from '../bronze/conversions.js'
import { bronzeFeatureReleases } from '../bronze/feature-releases.js'
import { bronzeFeatureUsageEvents } from '../bronze/feature-usage-events.js'
import { bronzeUserSignups } from '../bronze/user-signups.js'
import { tableChecks } from './table-checks.js'

type Asset = AssetDefinition<AssetKey, z.ZodObject, AssetDeps>

/** Above this share of quarantined records, the export itself is probably broken. */
const QUARANTINE_WARN_SHARE = 0.05

/**
 * For every raw file ingested: records = rows in bronze + rows in quarantine, and both match what
 * ingestion counted. Error and blocking: the one promise of bronze is that nothing is lost.
 */
function recordsAccountedFor(asset: Asset): CheckDefinition {
  return defineCheck({
    asset,
    name: 'records_accounted_for',
    description:
      'Per raw file: non-blank records = bronze rows + quarantine rows, as counted at ingestion (bronze/_ingested_files). Error, blocking: bronze promises that nothing is lost; a gap means records vanished between parsing and commit.',
    severity: 'error',
    blocking: true,
    evaluate: async ({ table, companion, query }) => {
      const manifest = await companion('ingested_files')
      const quarantine = await companion('quarantine')
      if (manifest === undefined || quarantine === undefined) {
        return fail(
          'the ingest manifest or the quarantine table is missing; materialize the asset again',
        )
      }
      const gaps = await query<{
        source_file: string
        records: number
        landed: number
        quarantined: number
      }>(sql`
        WITH landed AS (SELECT _source_file AS source_file, count(*) AS n FROM ${table} GROUP BY 1),
        quarantined AS (SELECT source_file, count(*) AS n FROM ${quarantine} GROUP BY 1)
        SELECT m.source_file, m.records, coalesce(l.n, 0)::INTEGER AS landed, coalesce(q.n, 0)::INTEGER AS quarantined
        FROM ${manifest} m LEFT JOIN landed l USING (source_file) LEFT JOIN quarantined q USING (source_file)
        WHERE m.records <> coalesce(l.n, 0) + coalesce(q.n, 0)
           OR m.landed <> coalesce(l.n, 0) OR m.quarantined <> coalesce(q.n, 0)
        ORDER BY 1 LIMIT 10`)
      return gaps.length === 0
        ? pass()
        : fail(
            `records not accounted for: ${gaps.map((g) => `${g.source_file} has ${g.records} records but ${g.landed} in bronze + ${g.quarantined} in quarantine`).join('; ')}`,
            { files: gaps.map((g) => g.source_file) },
          )
    },
  })
}

/**
 * The share of quarantined records stays small. Warn, not blocking: the rows that landed are
 * good, but many rejects usually mean the export changed shape and someone should look.
 */
function quarantineShareSmall(asset: Asset): CheckDefinition {
  return defineCheck({
    asset,
    name: 'quarantine_share_small',
    description: `At most ${QUARANTINE_WARN_SHARE * 100}% of records quarantined. Warn, not blocking: what landed is valid, but a high reject rate usually means the export changed shape.`,
    severity: 'warn',
    blocking: false,
    evaluate: async ({ table, companion, queryOne }) => {
      const quarantine = await companion('quarantine')
      if (quarantine === undefined) return pass({ quarantined: 0 })
      const { landed, quarantined } = await queryOne<{ landed: number; quarantined: number }>(sql`
        SELECT (SELECT count(*) FROM ${table})::INTEGER AS landed,
               (SELECT count(*) FROM ${quarantine})::INTEGER AS quarantined`)
      const share = quarantined / Math.max(1, landed + quarantined)
      const metadata = { landed, quarantined, share }
      return share <= QUARANTINE_WARN_SHARE
        ? pass(metadata)
        : fail(
            `${(share * 100).toFixed(1)}% of records were quarantined (${quarantined} of ${landed + quarantined}); look at the quarantine table's reasons`,
            metadata,
          )
    },
  })
}

/** Every bronze asset: schema, not empty, required columns set, accounting, quarantine share. */
export const bronzeChecks: CheckDefinition[] = (
  [bronzeFeatureReleases, bronzeUserSignups, bronzeFeatureUsageEvents, bronzeConversions] as Asset[]
).flatMap((asset) => [
  ...tableChecks(asset),
  recordsAccountedFor(asset),
  quarantineShareSmall(asset),
])
