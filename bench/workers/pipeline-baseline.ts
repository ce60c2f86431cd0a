// Floor of the end-to-end pipeline: the PLG assets' own SQL (imported from assets/, so it cannot drift)
// run straight through DuckDB into parquet files, one plain script, no framework: no planner, executor,
// instance store, Delta log, locks, txns or checks. Bronze parses every raw file with the same record
// validation into a staging table, then writes the landed rows (partitioned as the asset is), the
// quarantine and the per-file counts; silver builds the SCD2 history, the user dimension and the usage
// snapshot; gold the audit, the cohort table and the lift. Each layer reads the parquet files of the one
// before, as the assets read their upstream tables.
import { mkdirSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { bronzeConversions, conversionsIngest } from '../../assets/bronze/conversions.js'
import {
  bronzeFeatureReleases,
  featureReleasesIngest,
} from '../../assets/bronze/feature-releases.js'
import {
  bronzeFeatureUsageEvents,
  usageEventsIngest,
} from '../../assets/bronze/feature-usage-events.js'
import {
  type BronzeFormat,
  landedRows,
  manifestRows,
  quarantinedRows,
} from '../../assets/bronze/ingest-files.js'
import { relativePath } from '../../assets/bronze/ingest-plan.js'
import { createStage, type QueryFn, stageFiles } from '../../assets/bronze/stage-file.js'
import { bronzeUserSignups, userSignupsIngest } from '../../assets/bronze/user-signups.js'
import { conversionImpactSql } from '../../assets/gold/feature-conversion-impact.js'
import {
  type CohortCounts,
  cohortCountsSql,
  liftSql,
} from '../../assets/gold/feature-conversion-lift.js'
import { integrityAudit } from '../../assets/gold/integrity-audit.js'
import { activationWindowDays } from '../../assets/settings.js'
import { featureHistory } from '../../assets/silver/feature-history.js'
import { usageFactsSql } from '../../assets/silver/feature-usage-facts.js'
import { userDimSql } from '../../assets/silver/user-dim.js'
import {
  rawConversions,
  rawFeatureReleases,
  rawFeatureUsageEvents,
  rawUserSignups,
} from '../../assets/sources.js'
import { type SqlFragment, sql, type TableRef } from '../../framework/index.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

/** `dataDir` holds the raw files under `raw/`, as a Medallion data directory does. */
const input = workerInput<{ readonly dataDir: string; readonly out: string }>()
const dataDir = path.resolve(input.dataDir)
mkdirSync(input.out, { recursive: true })
const db = await DuckDBInstance.create(':memory:', {
  temp_directory: path.join(input.out, '.duckdb-tmp'),
})
const connection = await db.connect()
const query = (async (q: SqlFragment) =>
  (await connection.runAndReadAll(q.text)).getRowObjectsJS()) as QueryFn

/** Where a table's parquet files go. */
const dirOf = (key: string) => path.join(input.out, key)

/** Writes `rows` as the table `key`: hive-partitioned folders, or one file. */
async function write(key: string, rows: SqlFragment, partitionBy: readonly string[] = []) {
  const dir = dirOf(key)
  mkdirSync(dir, { recursive: true })
  const target = partitionBy.length > 0 ? dir : path.join(dir, 'part-0.parquet')
  const partition = partitionBy.length > 0 ? `, PARTITION_BY (${partitionBy.join(', ')})` : ''
  await connection.run(
    `COPY (${rows.text}) TO '${target}' (FORMAT parquet, COMPRESSION snappy${partition})`,
  )
}

/** A table written by `write`, as the relation the asset SQL reads (partition columns typed). */
function ref(key: string, partitionTypes: Readonly<Record<string, string>> = {}): TableRef {
  const names = Object.keys(partitionTypes)
  const glob = path.join(dirOf(key), names.length > 0 ? '**/*.parquet' : '*.parquet')
  const hive =
    names.length > 0
      ? `, hive_partitioning = true, hive_types = {${names.map((n) => `'${n}': ${partitionTypes[n]}`).join(', ')}}`
      : ''
  return { kind: 'table', key, from: `read_parquet('${glob}'${hive})` }
}

/** A source's raw files, as the framework lists them: the file, or a folder's matching files sorted. */
function rawFiles(sourcePath: string, pattern?: RegExp): string[] {
  const root = path.join(dataDir, sourcePath)
  if (!statSync(root).isDirectory()) return [root]
  return readdirSync(root)
    .filter((name) => pattern === undefined || pattern.test(name))
    .sort()
    .map((name) => path.join(root, name))
}

/** One bronze asset: stage every file, then the landed rows, the quarantine and the manifest. */
async function bronze(
  asset: { readonly key: string; readonly partitionBy: readonly string[] },
  spec: BronzeFormat,
  source: { readonly pattern: RegExp | undefined },
): Promise<number> {
  const name = asset.key.slice('bronze/'.length)
  const files = rawFiles(spec.sourcePath, source.pattern).map((file) => ({
    path: file,
    relative: relativePath(file, spec.sourcePath),
    version: Math.trunc(statSync(file).mtimeMs),
    seen: false,
  }))
  const stage = sql.identifier(`_stage_${name}`)
  const ingestedAt = sql`${sql.literal(new Date())}::TIMESTAMPTZ`
  await createStage(query, stage, spec.fields)
  const counts = await stageFiles(query, stage, files, spec.format, spec.fields)
  const staged = { stage, files }
  await write(`bronze/_quarantine/${name}`, quarantinedRows(staged, ingestedAt, sql`true`))
  await write(asset.key, landedRows(staged, spec, ingestedAt, sql`true`), asset.partitionBy)
  await write(`bronze/_ingested_files/${name}`, manifestRows(files, counts, ingestedAt))
  await connection.run(`DROP TABLE ${stage.text}`)
  step(asset.key)
  return counts.reduce((n, c) => n + c.records, 0)
}

/** Milliseconds of each table's step, reported with the result to compare with the assets' own. */
const steps: Record<string, number> = {}
let lap = performance.now()
function step(key: string): void {
  const now = performance.now()
  steps[key] = Math.round(now - lap)
  lap = now
}

const started = performance.now()
await bronze(bronzeFeatureReleases, featureReleasesIngest, rawFeatureReleases)
await bronze(bronzeUserSignups, userSignupsIngest, rawUserSignups)
const events = await bronze(bronzeFeatureUsageEvents, usageEventsIngest, rawFeatureUsageEvents)
await bronze(bronzeConversions, conversionsIngest, rawConversions)

const releases = ref('bronze/feature_releases')
const signups = ref('bronze/user_signups', { signup_date: 'DATE' })
const usage = ref('bronze/feature_usage_events', { event_date: 'DATE' })
const conversions = ref('bronze/conversions')
await write(
  'silver/feature_states',
  sql`${featureHistory(releases)} ORDER BY feature_id, effective_from`,
)
step('silver/feature_states')
await write('silver/user_dim', userDimSql(signups, conversions))
step('silver/user_dim')
const [latest] = await query<{ as_of_date: string }>(
  sql`SELECT max(event_date)::VARCHAR AS as_of_date FROM ${usage}`,
)
const asOfDate = sql`DATE ${sql.literal(latest?.as_of_date ?? '')}`
await write('silver/feature_usage_facts', usageFactsSql(usage, asOfDate), ['as_of_date'])
step('silver/feature_usage_facts')

const inputs = {
  states: ref('silver/feature_states'),
  users: ref('silver/user_dim'),
  facts: ref('silver/feature_usage_facts', { as_of_date: 'DATE' }),
  conversions,
}
const windowDays = activationWindowDays()
await write('gold/_audit/feature_conversion_impact', integrityAudit(inputs, windowDays))
await write('gold/feature_conversion_impact', conversionImpactSql(inputs, windowDays))
step('gold/feature_conversion_impact')
const counts = await query<CohortCounts>(cohortCountsSql(ref('gold/feature_conversion_impact')))
await write('gold/feature_conversion_lift', liftSql(counts))
step('gold/feature_conversion_lift')

reportResult(performance.now() - started, { events, steps })
connection.closeSync()
db.closeSync()
