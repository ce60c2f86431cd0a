import * as z from 'zod'
import { anyOf, defineAsset, newSourceFiles, onCron } from '../../framework/index.js'
import { col } from '../columns.js'
import { rawConversions } from '../sources.js'
import { type BronzeFormat, ingestFiles } from './ingest-files.js'
import { lineageColumns } from './lineage-columns.js'

/** How bronze reads raw/conversions: JSON Lines; mrr is money. */
export const conversionsIngest: BronzeFormat = {
  sourcePath: rawConversions.path,
  format: 'jsonl',
  fields: [
    { name: 'user_id', kind: 'string' },
    { name: 'conversion_date', kind: 'date' },
    { name: 'plan', kind: 'string' },
    { name: 'mrr', kind: 'money' },
    { name: 'signup_date', kind: 'date' },
    { name: 'days_to_convert', kind: 'integer' },
    { name: 'used_real_time_collab', kind: 'boolean' },
  ],
}

/** Every conversion record, typed; mrr is DECIMAL(10,2). */
export const bronzeConversions = defineAsset({
  key: 'bronze/conversions',
  automation: anyOf(onCron('@daily'), newSourceFiles()),
  description:
    'Conversions to a paid plan as exported, one row per valid line, typed (mrr as DECIMAL(10,2)), duplicates kept. Invalid lines go to bronze/_quarantine/conversions.',
  deps: { raw: rawConversions },
  schema: z.object({
    user_id: col.varchar(),
    conversion_date: col.date(),
    plan: col.varchar(),
    mrr: col.money(),
    signup_date: col.date(),
    days_to_convert: col.integer(),
    used_real_time_collab: col.boolean(),
    ...lineageColumns,
  }),
  materialize: (ctx) => ingestFiles(ctx, { source: ctx.inputs.raw, ...conversionsIngest }),
})
