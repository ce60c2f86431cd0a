import * as z from 'zod'
import { defineAsset, eager, sql } from '../../framework/index.js'
import { bronzeFeatureReleases } from '../bronze/feature-releases.js'
import { col } from '../columns.js'
import { featureHistory, historyChanges } from './feature-history.js'

const COLUMNS = [
  'feature_id',
  'feature_name',
  'version',
  'is_enabled',
  'effective_from',
  'effective_to',
  'is_current',
  'record_hash',
] as const

/**
 * SCD Type 2 of the feature catalog. Each run computes the history from all bronze releases and
 * MERGEs only the difference in one commit: close the superseded row and insert the new one, and,
 * when a late release reshapes the past, move or delete rows too. Unchanged bronze: no commit.
 */
export const silverFeatureStates = defineAsset({
  key: 'silver/feature_states',
  automation: eager(),
  description:
    'Feature states over time (SCD Type 2): a row per state, effective_from..effective_to (9999-12-31 while current). record_hash = md5(feature_name|version|is_enabled). Maintained by one MERGE per run; always equal to the history rebuilt from all bronze releases, late releases included.',
  deps: { releases: bronzeFeatureReleases },
  schema: z.object({
    feature_id: col.varchar(),
    feature_name: col.varchar(),
    version: col.varchar(),
    is_enabled: col.boolean(),
    effective_from: col.date(),
    effective_to: col.date(),
    is_current: col.boolean(),
    record_hash: col.varchar(),
  }),
  materialize: async ({ inputs, output, query, addMetadata }) => {
    const desired = featureHistory(inputs.releases)
    const current = await output.current()
    if (current === undefined) {
      await output.overwrite(sql`${desired} ORDER BY feature_id, effective_from`)
      return
    }
    const changes = historyChanges(current, desired)
    const [counts] = await query<{ upserts: number; deletes: number }>(sql`
      SELECT (count(*) FILTER (_action = 'upsert'))::INTEGER AS upserts,
             (count(*) FILTER (_action = 'delete'))::INTEGER AS deletes
      FROM (${changes})`)
    addMetadata({ upserts: counts?.upserts ?? 0, deletes: counts?.deletes ?? 0 })
    // Nothing changed: no commit, so the table keeps its version (re-runs are no-ops).
    if ((counts?.upserts ?? 0) + (counts?.deletes ?? 0) === 0) return
    const fromSource = Object.fromEntries(COLUMNS.map((c) => [c, sql`source.${sql.identifier(c)}`]))
    await output.merge({
      source: changes,
      on: sql`target.feature_id = source.feature_id AND target.effective_from = source.effective_from`,
      whenMatched: [
        { action: 'delete', condition: sql`source._action = 'delete'` },
        { action: 'update', set: fromSource },
      ],
      whenNotMatched: [
        { action: 'insert', condition: sql`source._action = 'upsert'`, values: fromSource },
      ],
    })
  },
})
