import * as z from 'zod'
import { anyOf, defineAsset, newSourceFiles, onCron } from '../../framework/index.js'
import { col } from '../columns.js'
import { rawUserSignups } from '../sources.js'
import { type BronzeFormat, ingestFiles } from './ingest-files.js'
import { lineageColumns } from './lineage-columns.js'

/** How bronze reads raw/user_signups: JSON Lines. */
export const userSignupsIngest: BronzeFormat = {
  sourcePath: rawUserSignups.path,
  format: 'jsonl',
  fields: [
    { name: 'user_id', kind: 'string' },
    { name: 'email', kind: 'string' },
    { name: 'signup_date', kind: 'date' },
    { name: 'company_size', kind: 'string' },
    { name: 'industry', kind: 'string' },
  ],
}

/** Every signup record, typed; duplicates are kept (silver/user_dim resolves them). */
export const bronzeUserSignups = defineAsset({
  key: 'bronze/user_signups',
  automation: anyOf(onCron('@daily'), newSourceFiles()),
  description:
    'User signups as exported, one row per valid line, typed, duplicates kept. Invalid lines go to bronze/_quarantine/user_signups.',
  deps: { raw: rawUserSignups },
  partitionBy: ['signup_date'],
  schema: z.object({
    user_id: col.varchar(),
    email: col.varchar(),
    signup_date: col.date(),
    company_size: col.varchar(),
    industry: col.varchar(),
    ...lineageColumns,
  }),
  materialize: (ctx) => ingestFiles(ctx, { source: ctx.inputs.raw, ...userSignupsIngest }),
})
