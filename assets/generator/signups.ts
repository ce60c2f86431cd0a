import { dayToDate } from './dates.js'
import { LineWriter } from './line-writer.js'
import type { ResolvedOptions } from './options.js'
import type { Population } from './population.js'
import { COMPANY_SIZES, INDUSTRIES, type Profiles } from './profiles.js'
import { type DirtyState, writeRecordLine } from './record-writer.js'

/** Writes `user_signups.jsonl`, one user a line in signup order; returns the lines written. */
export async function writeSignups(
  path: string,
  options: ResolvedOptions,
  pop: Population,
  profiles: Profiles,
  dirty: DirtyState | undefined,
): Promise<number> {
  const writer = new LineWriter(path)
  for (let i = 0; i < pop.count; i++) {
    const record = {
      user_id: pop.ids[i],
      email: profiles.emails[i],
      signup_date: dayToDate(options.startMs, pop.signupDay[i] as number),
      company_size: COMPANY_SIZES[profiles.companySize[i] as number],
      industry: INDUSTRIES[profiles.industry[i] as number],
    }
    await writeRecordLine(writer, 'user_signups', record, JSON.stringify(record), dirty)
    // One blank line mid-file: blank lines are not records, and bronze must skip them silently.
    if (dirty !== undefined && i === Math.floor(pop.count / 2)) await writer.writeBlank()
  }
  await writer.close()
  return writer.lines
}
