import { Command, InvalidArgumentError } from 'commander'
import { errorMessage, isFrameworkError } from '../../framework/errors.js'
import { generateData } from './generate-data.js'
import { DEFAULT_OPTIONS } from './options.js'

function number(value: string): number {
  const n = Number(value)
  if (value.trim() === '' || Number.isNaN(n)) throw new InvalidArgumentError('Not a number.')
  return n
}

const program = new Command('generate-data')
  .description('Write the raw files of the PLG pipeline (synthetic, with planted truths).')
  .option('--users <n>', 'users who sign up during the period', number, DEFAULT_OPTIONS.users)
  .option('--days <n>', 'length of the period in days', number, DEFAULT_OPTIONS.days)
  .option('--start <date>', 'first day of the period (YYYY-MM-DD)', DEFAULT_OPTIONS.start)
  .option('--seed <n>', 'seed of every random draw', number, DEFAULT_OPTIONS.seed)
  .option(
    '--collab-lift <x>',
    'conversion lift of real_time_collab adopters',
    number,
    DEFAULT_OPTIONS.collabLift,
  )
  .option('--dirty', 'add malformed records, duplicates and late-arriving events', false)
  .option('--out <dir>', 'output folder', DEFAULT_OPTIONS.out)
  .option(
    '--events-per-file-day',
    'usage events as one file per day in feature_usage_events/ (default)',
    true,
  )
  .option('--no-events-per-file-day', 'usage events as one feature_usage_events.jsonl')
  .action(async (opts) => {
    const s = await generateData({
      users: opts.users,
      days: opts.days,
      start: opts.start,
      seed: opts.seed,
      collabLift: opts.collabLift,
      dirty: opts.dirty,
      out: opts.out,
      eventsPerFileDay: opts.eventsPerFileDay,
    })
    const r = s.rows
    console.log(
      `generate-data: ${s.files} files in ${s.out}: ${r.featureReleases} releases, ${r.userSignups} signups, ` +
        `${r.featureUsageEvents} events, ${r.conversions} conversions in ${s.seconds.toFixed(1)} s ` +
        `(${Math.round(r.featureUsageEvents / s.seconds)} events/s)`,
    )
  })

program.parseAsync().catch((error: unknown) => {
  console.error(errorMessage(error))
  if (isFrameworkError(error) && error.hint === undefined) console.error(error.stack)
  process.exitCode = isFrameworkError(error) && error.code === 'USAGE' ? 2 : 1
})
