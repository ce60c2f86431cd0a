import { dayStartMs, dayToDate, formatTimestamp } from './dates.js'
import { BAD_KINDS, badLine, DIRTY_RATES } from './dirty.js'
import type { EventSink } from './event-sink.js'
import type { Feature } from './features.js'
import type { ResolvedOptions } from './options.js'
import { ACTIVATION_WINDOW_DAYS, type Population } from './population.js'
import { createRng, type Rng } from './prng.js'
import type { DirtyState } from './record-writer.js'

// Usage peaks in working hours (UTC); weights per hour of the day.
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 11, 10, 11, 11, 10, 9, 7, 5, 4, 4, 3, 3, 2]
const HOUR_CUMULATIVE = HOUR_WEIGHTS.map((_, i) =>
  HOUR_WEIGHTS.slice(0, i + 1).reduce((a, b) => a + b, 0),
)
const HOUR_TOTAL = HOUR_CUMULATIVE[23] as number

function timeOfDayMs(rng: Rng): number {
  const r = rng.next() * HOUR_TOTAL
  let hour = 0
  while ((HOUR_CUMULATIVE[hour] as number) <= r) hour++
  return hour * 3_600_000 + Math.floor(rng.next() * 3600) * 1000
}

/** One day's events before formatting, as parallel arrays (cheap to grow and sort). */
interface DayBuffer {
  ts: number[]
  user: number[]
  feature: number[]
  type: number[]
}

/** Chance that a user is active on a day, by phase of their life. */
function activeChance(pop: Population, user: number, day: number): number {
  const age = day - (pop.signupDay[user] as number)
  const conv = pop.conversionDay[user] as number
  const phase = age <= ACTIVATION_WINDOW_DAYS ? 0.55 : conv >= 0 && day >= conv ? 0.35 : 0.15
  return (pop.activity[user] as number) * phase
}

function playDay(
  day: number,
  active: readonly number[],
  pop: Population,
  features: readonly Feature[],
  rng: Rng,
  out: DayBuffer,
  dayMs: number,
): void {
  const fc = pop.featureCount
  for (const u of active) {
    const base = u * fc
    let forced = false
    for (let f = 0; f < fc; f++) if (pop.firstUse[base + f] === day) forced = true
    // A planned first use always happens, so first_used_date is exactly the planned day.
    if (!forced && rng.next() >= activeChance(pop, u, day)) continue
    for (const feature of features) {
      const first = pop.firstUse[base + feature.index] as number
      if (first < 0 || first > day || day >= feature.disabledDay) continue
      if (first !== day && rng.next() >= feature.dailyUse) continue
      const n = 1 + rng.int(0, 2)
      for (let k = 0; k < n; k++) {
        out.ts.push(dayMs + timeOfDayMs(rng))
        out.user.push(u)
        out.feature.push(feature.index)
        out.type.push(rng.int(0, feature.eventTypes.length - 1))
      }
    }
  }
}

/**
 * Plays the population out day by day and hands each day's events, in time order, to the sink.
 * Only one day of events is in memory at a time (plus the few deferred by `--dirty`).
 */
export async function writeEvents(
  options: ResolvedOptions,
  pop: Population,
  features: readonly Feature[],
  sink: EventSink,
  dirty: DirtyState | undefined,
): Promise<number> {
  const rng = createRng(options.seed, 'events')
  const prefixes = features.map(
    (f) => `","feature_id":"${f.id}","feature_name":"${f.name}","event_type":"`,
  )
  const active: number[] = []
  const deferred = new Map<number, string[]>()
  const defer = (day: number, line: string): void => {
    const list = deferred.get(day) ?? []
    list.push(line)
    deferred.set(day, list)
  }
  let nextUser = 0
  let total = 0
  for (let day = 0; day < options.days; day++) {
    while (nextUser < pop.count && (pop.signupDay[nextUser] as number) <= day)
      active.push(nextUser++)
    let kept = 0
    for (const u of active) if ((pop.lastActiveDay[u] as number) >= day) active[kept++] = u
    active.length = kept
    const buf: DayBuffer = { ts: [], user: [], feature: [], type: [] }
    playDay(day, active, pop, features, rng, buf, dayStartMs(options.startMs, day))
    const order = Array.from(buf.ts.keys()).sort(
      (a, b) => (buf.ts[a] as number) - (buf.ts[b] as number) || a - b,
    )
    let text = ''
    let lines = 0
    for (const i of order) {
      const u = buf.user[i] as number
      const feature = features[buf.feature[i] as number] as Feature
      const eventType = feature.eventTypes[buf.type[i] as number] as string
      const timestamp = formatTimestamp(buf.ts[i] as number, pop.tzOffset[u] as number)
      const line = `{"event_id":"${rng.uuid()}","user_id":"${pop.ids[u]}${prefixes[feature.index]}${eventType}","event_timestamp":"${timestamp}"}\n`
      if (dirty === undefined) {
        text += line
        lines++
        continue
      }
      const r = dirty.rng.next()
      if (r < DIRTY_RATES.late && day + 1 < options.days) {
        // Arrives one to three days late: its timestamp says today, but it lands in a later day's file.
        defer(Math.min(options.days - 1, day + dirty.rng.int(1, 3)), line)
        dirty.counts.late++
        continue
      }
      text += line
      lines++
      if (r < DIRTY_RATES.late + DIRTY_RATES.duplicate) {
        // Redelivered: the same record again, in this file or the next day's.
        if (day + 1 < options.days && dirty.rng.chance(0.5)) defer(day + 1, line)
        else {
          text += line
          lines++
        }
        dirty.counts.duplicates++
      } else if (r < DIRTY_RATES.late + DIRTY_RATES.duplicate + DIRTY_RATES.invalid) {
        const kind = BAD_KINDS[dirty.nextKind++ % BAD_KINDS.length] ?? 'not_json'
        const record = {
          event_id: dirty.rng.uuid(),
          user_id: pop.ids[u],
          feature_id: feature.id,
          feature_name: feature.name,
          event_type: eventType,
          event_timestamp: timestamp,
        }
        text += `${badLine('feature_usage_events', record, kind, dirty.rng)}\n`
        lines++
        dirty.counts.invalid[kind]++
      }
    }
    for (const line of deferred.get(day) ?? []) {
      text += line
      lines++
    }
    deferred.delete(day)
    await sink.writeDay(dayToDate(options.startMs, day), text, lines)
    total += lines
  }
  return total
}
