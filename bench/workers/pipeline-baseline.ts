// Baseline of the end-to-end pipeline: the same layers as assets/ (typed bronze per source with events
// partitioned by day; silver dedupe, usage facts, user dim, feature states; gold conversion by feature
// usage) as one plain DuckDB script straight into parquet files: no framework, no Delta log, no checks.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { reportResult, workerInput } from '../lib/worker-io.js'

const input = workerInput<{ readonly raw: string; readonly out: string }>()
const q = (p: string) => `'${p.replaceAll("'", "''")}'`
const raw = (name: string) => q(path.join(input.raw, name))
const out = (name: string) => q(path.join(input.out, name))
mkdirSync(path.join(input.out, 'bronze'), { recursive: true })
mkdirSync(path.join(input.out, 'silver'), { recursive: true })
mkdirSync(path.join(input.out, 'gold'), { recursive: true })

const statements = [
  `create table events as select event_id, user_id, feature_id, feature_name, event_type,
     event_timestamp::timestamptz as event_timestamp, (event_timestamp::timestamptz)::date as event_date,
     now() as ingestion_timestamp, filename as _source_file
   from read_json(${raw('feature_usage_events/*.jsonl')}, format = 'newline_delimited', filename = true,
     columns = {event_id: 'VARCHAR', user_id: 'VARCHAR', feature_id: 'VARCHAR', feature_name: 'VARCHAR',
                event_type: 'VARCHAR', event_timestamp: 'VARCHAR'})`,
  `copy events to ${out('bronze/feature_usage_events')} (format parquet, partition_by (event_date))`,
  `create table signups as select user_id, email, signup_date::date as signup_date, company_size, industry
   from read_json(${raw('user_signups.jsonl')}, format = 'newline_delimited',
     columns = {user_id: 'VARCHAR', email: 'VARCHAR', signup_date: 'VARCHAR', company_size: 'VARCHAR', industry: 'VARCHAR'})`,
  `copy signups to ${out('bronze/user_signups.parquet')} (format parquet)`,
  `create table conversions as select user_id, conversion_date::date as conversion_date, plan, mrr::decimal(10,2) as mrr,
     signup_date::date as signup_date, days_to_convert::integer as days_to_convert, used_real_time_collab::boolean as used_real_time_collab
   from read_json(${raw('conversions.jsonl')}, format = 'newline_delimited',
     columns = {user_id: 'VARCHAR', conversion_date: 'VARCHAR', plan: 'VARCHAR', mrr: 'DOUBLE', signup_date: 'VARCHAR',
                days_to_convert: 'BIGINT', used_real_time_collab: 'BOOLEAN'})`,
  `copy conversions to ${out('bronze/conversions.parquet')} (format parquet)`,
  `create table releases as select feature_id, feature_name, release_date::date as release_date, version,
     coalesce(is_enabled, true) as is_enabled
   from read_json(${raw('feature_releases.json')}, format = 'array',
     columns = {feature_id: 'VARCHAR', feature_name: 'VARCHAR', release_date: 'VARCHAR', version: 'VARCHAR', is_enabled: 'BOOLEAN'})`,
  `copy releases to ${out('bronze/feature_releases.parquet')} (format parquet)`,
  `create table feature_states as select *, release_date as valid_from,
     lead(release_date) over (partition by feature_id order by release_date) as valid_to
   from releases`,
  `copy feature_states to ${out('silver/feature_states.parquet')} (format parquet)`,
  `create table facts as with dedup as (
     select event_id, user_id, feature_id, event_date from events
     qualify row_number() over (partition by event_id order by ingestion_timestamp, _source_file) = 1)
   select user_id, feature_id, min(event_date) as first_used_date, max(event_date) as last_used_date,
     count(*)::integer as total_usage_count,
     count(*)::double / (date_diff('day', min(event_date), max(event_date)) + 1) as avg_daily_usage
   from dedup group by user_id, feature_id`,
  `copy facts to ${out('silver/feature_usage_facts.parquet')} (format parquet)`,
  `create table user_dim as select s.*, c.conversion_date, c.plan, c.mrr, c.days_to_convert,
     c.conversion_date is not null as converted
   from signups s left join conversions c using (user_id)`,
  `copy user_dim to ${out('silver/user_dim.parquet')} (format parquet)`,
  `create table impact as with features as (select distinct feature_id, feature_name from releases),
   pairs as (select u.user_id, f.feature_id, f.feature_name, u.converted, u.days_to_convert, u.mrr,
       case when x.user_id is null then 'non_adopter' else 'adopter' end as cohort
     from user_dim u cross join features f
     left join facts x on x.user_id = u.user_id and x.feature_id = f.feature_id)
   select feature_name, cohort, count(*)::integer as total_users,
     (count(*) filter (converted))::integer as converted_users,
     (count(*) filter (converted))::double / count(*) as conversion_rate,
     avg(days_to_convert) filter (converted) as avg_days_to_convert, avg(mrr) filter (converted) as avg_mrr
   from pairs group by feature_name, cohort order by feature_name, cohort`,
  `copy impact to ${out('gold/feature_conversion_impact.parquet')} (format parquet)`,
]

const db = await DuckDBInstance.create(':memory:')
const connection = await db.connect()
const started = performance.now()
for (const statement of statements) await connection.run(statement)
const events = Number(
  (await connection.runAndReadAll('select count(*) from events')).getRows()[0]?.[0],
)
reportResult(performance.now() - started, { events })
connection.closeSync()
db.closeSync()
