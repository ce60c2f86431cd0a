import { dayToDate } from './dates.js'
import type { Feature } from './features.js'
import { COLLAB_FEATURE } from './features.js'
import { LineWriter } from './line-writer.js'
import type { ResolvedOptions } from './options.js'
import type { Population } from './population.js'
import { createRng } from './prng.js'
import type { Profiles } from './profiles.js'
import { type DirtyState, writeRecordLine } from './record-writer.js'

/** Plans in upgrade order, with their list price per seat in cents. */
export const PLANS = ['starter', 'pro', 'enterprise'] as const
const SEAT_PRICE_CENTS = [1200, 2900, 5900]
/** Plan weights for each company size band (rows follow COMPANY_SIZES). */
const PLAN_WEIGHTS = [
  [70, 28, 2],
  [45, 45, 10],
  [25, 50, 25],
  [10, 45, 45],
  [5, 35, 60],
]
const SEATS = [
  [1, 5],
  [3, 20],
  [10, 60],
  [25, 150],
  [50, 400],
]
const DISCOUNT_PERCENT = [0, 0, 10, 15]

interface ConversionRow {
  readonly user: number
  readonly day: number
  readonly plan: number
  readonly mrrCents: number
}

/** Writes `conversions.jsonl` in conversion-date order (first conversions and later upgrades); returns the lines written. */
export async function writeConversions(
  path: string,
  options: ResolvedOptions,
  pop: Population,
  profiles: Profiles,
  features: readonly Feature[],
  dirty: DirtyState | undefined,
): Promise<number> {
  const rng = createRng(options.seed, 'conversions')
  const rows: ConversionRow[] = []
  const price = (user: number, plan: number): number => {
    const size = profiles.companySize[user] as number
    const [lo, hi] = SEATS[size] as [number, number]
    const seats = plan === 2 ? Math.max(10, rng.int(lo, hi)) : rng.int(lo, hi)
    const discount = rng.pick(DISCOUNT_PERCENT)
    return Math.round((seats * (SEAT_PRICE_CENTS[plan] as number) * (100 - discount)) / 100)
  }
  for (let i = 0; i < pop.count; i++) {
    const day = pop.conversionDay[i] as number
    if (day < 0) continue
    const plan = rng.weighted(PLAN_WEIGHTS[profiles.companySize[i] as number] as number[])
    rows.push({ user: i, day, plan, mrrCents: price(i, plan) })
    const upgrade = pop.upgradeDay[i] as number
    if (upgrade >= 0 && plan < 2)
      rows.push({ user: i, day: upgrade, plan: plan + 1, mrrCents: price(i, plan + 1) })
  }
  // Conversions arrive over time; a stable sort keeps ties in user order, so the bytes are deterministic.
  rows.sort((a, b) => a.day - b.day)
  const collab = features.find((f) => f.name === COLLAB_FEATURE)?.index ?? 0
  const writer = new LineWriter(path)
  for (const row of rows) {
    if (row.day >= options.days) break
    const signup = pop.signupDay[row.user] as number
    const firstCollab = pop.firstUse[row.user * pop.featureCount + collab] as number
    const record = {
      user_id: pop.ids[row.user],
      conversion_date: dayToDate(options.startMs, row.day),
      plan: PLANS[row.plan],
      mrr: row.mrrCents / 100,
      signup_date: dayToDate(options.startMs, signup),
      days_to_convert: row.day - signup,
      used_real_time_collab: firstCollab >= 0 && firstCollab <= row.day,
    }
    // Written by hand so mrr keeps two decimals (JSON.stringify would print 45 for 45.00).
    const line =
      `{"user_id":"${record.user_id}","conversion_date":"${record.conversion_date}","plan":"${record.plan}",` +
      `"mrr":${(row.mrrCents / 100).toFixed(2)},"signup_date":"${record.signup_date}",` +
      `"days_to_convert":${record.days_to_convert},"used_real_time_collab":${record.used_real_time_collab}}`
    await writeRecordLine(writer, 'conversions', record, line, dirty)
  }
  await writer.close()
  return writer.lines
}
