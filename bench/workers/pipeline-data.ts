// Raw data of the pipeline bench: the generator's files for `days + 1` days, with the last day's
// events file moved out to `newDay/`. The full run ingests `days` days; the incremental run then
// adds that held-back file, a real next day of the same users (the generator writes one file per
// UTC day), as a daily export would arrive.
import { mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs'
import path from 'node:path'
import { generateData, RAW_FILES } from '../../assets/generator/generate-data.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

interface Input {
  readonly users: number
  readonly days: number
  /** The data directory: the raw files go to `<dataDir>/raw/`. */
  readonly dataDir: string
  /** Folder the last day's events file is moved to. */
  readonly newDay: string
}

const input = workerInput<Input>()
const started = performance.now()
const summary = await generateData({
  users: input.users,
  days: input.days + 1,
  out: path.join(input.dataDir, 'raw'),
})
const eventsDir = path.join(input.dataDir, 'raw', RAW_FILES.featureUsageEventsDir)
const last = readdirSync(eventsDir)
  .filter((name) => name.endsWith('.jsonl'))
  .sort()
  .at(-1)
if (last === undefined)
  throw new Error(`pipeline-data: the generator wrote no events to ${eventsDir}`)
mkdirSync(input.newDay, { recursive: true })
renameSync(path.join(eventsDir, last), path.join(input.newDay, last))
const newDayEvents = readFileSync(path.join(input.newDay, last), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '').length
reportResult(performance.now() - started, {
  events: summary.rows.featureUsageEvents - newDayEvents,
  newDayEvents,
  newDayFile: last,
})
