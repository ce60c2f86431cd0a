import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { RAW_FILES } from './generate-data.js'
import { ACTIVATION_WINDOW_DAYS } from './population.js'

/** One feature's lift, measured from the raw files with the gold table's definitions. */
export interface MeasuredLift {
  readonly feature_name: string
  readonly adopters: number
  readonly adopter_rate: number
  readonly non_adopters: number
  readonly non_adopter_rate: number
  readonly lift: number | null
}

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`

/**
 * An independent check of the planted truths: the spec's gold definitions (cohorts by cutoff =
 * min(signup + W, first conversion), features released after the cutoff are not available) written
 * straight over the raw JSON, skipping records that do not parse and repeated event ids.
 */
export async function measureLift(
  rawDir: string,
  windowDays = ACTIVATION_WINDOW_DAYS,
): Promise<MeasuredLift[]> {
  const folder = join(rawDir, RAW_FILES.featureUsageEventsDir)
  const events = existsSync(folder)
    ? join(folder, '*.jsonl')
    : join(rawDir, RAW_FILES.featureUsageEventsFile)
  const jsonl = (path: string, columns: string): string =>
    `read_json(${literal(path)}, format = 'newline_delimited', ignore_errors = true, columns = {${columns}})`
  const sql = `
    with releases as (
      select feature_id, feature_name, try_cast(release_date as date) as release_date, coalesce(try_cast(is_enabled as boolean), true) as is_enabled
      from read_json(${literal(join(rawDir, RAW_FILES.featureReleases))}, format = 'array',
        columns = {feature_id: 'VARCHAR', feature_name: 'VARCHAR', release_date: 'VARCHAR', version: 'VARCHAR', is_enabled: 'VARCHAR'})
      where try_cast(release_date as date) is not null),
    features as (
      select feature_id, arg_max(feature_name, release_date) as feature_name, min(release_date) as released,
        arg_max(is_enabled, release_date) as enabled
      from releases group by feature_id),
    ev as (
      select user_id, feature_id, (try_cast(event_timestamp as timestamptz) at time zone 'UTC')::date as event_date
      from ${jsonl(events, "event_id: 'VARCHAR', user_id: 'VARCHAR', feature_id: 'VARCHAR', event_timestamp: 'VARCHAR'")}
      where user_id is not null),
    first_use as (
      select user_id, feature_id, min(event_date) as first_used from ev where event_date is not null group by all),
    as_of as (select max(event_date) as as_of_date from ev),
    users as (
      select user_id, min(try_cast(signup_date as date)) as signup_date
      from ${jsonl(join(rawDir, RAW_FILES.userSignups), "user_id: 'VARCHAR', signup_date: 'VARCHAR'")}
      where user_id is not null and try_cast(signup_date as date) is not null group by user_id),
    conv as (
      select user_id, min(try_cast(conversion_date as date)) as conversion_date
      from ${jsonl(join(rawDir, RAW_FILES.conversions), "user_id: 'VARCHAR', conversion_date: 'VARCHAR', plan: 'VARCHAR', mrr: 'VARCHAR'")}
      where user_id is not null and plan is not null and try_cast(conversion_date as date) is not null
        and try_cast(mrr as decimal(10, 2)) is not null
      group by user_id),
    cohort_users as (
      select u.user_id, c.conversion_date is not null as converted,
        least(u.signup_date + ${windowDays}, coalesce(c.conversion_date, u.signup_date + ${windowDays})) as cutoff
      from users u left join conv c using (user_id), as_of
      where u.signup_date + ${windowDays} <= as_of.as_of_date),
    pairs as (
      select f.feature_name, cu.converted,
        case when fu.first_used <= cu.cutoff then 'used'
             when f.released <= cu.cutoff then 'available' else 'not_available' end as cohort
      from cohort_users cu cross join features f
      left join first_use fu on fu.user_id = cu.user_id and fu.feature_id = f.feature_id
      where f.enabled)
    select feature_name,
      count(*) filter (cohort = 'used')::int as adopters,
      avg(converted::int) filter (cohort = 'used') as adopter_rate,
      count(*) filter (cohort = 'available')::int as non_adopters,
      avg(converted::int) filter (cohort = 'available') as non_adopter_rate
    from pairs group by feature_name order by feature_name`
  const instance = await DuckDBInstance.create(':memory:')
  try {
    const connection = await instance.connect()
    try {
      await connection.run(`set TimeZone = 'UTC'`)
      const rows = (await connection.runAndReadAll(sql)).getRowObjectsJS() as unknown as Omit<
        MeasuredLift,
        'lift'
      >[]
      return rows.map((r) => ({
        ...r,
        lift: r.non_adopter_rate ? r.adopter_rate / r.non_adopter_rate : null,
      }))
    } finally {
      connection.closeSync()
    }
  } finally {
    instance.closeSync()
  }
}
