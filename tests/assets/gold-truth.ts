import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

// An independent computation of the gold tables in plain TypeScript over the raw files of a CLEAN
// generator run (every record valid), following the spec's definitions word by word. It shares no
// code with assets/: a bug in the pipeline's SQL cannot hide here.

type Row = Record<string, unknown>
const DAY = 86_400_000
const day = (date: string) =>
  Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / DAY
const jsonl = (path: string): Row[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row)

/** A row of gold/feature_conversion_impact, as the truth computes it. */
export interface ImpactTruth {
  feature_name: string
  cohort: string
  total_users: number
  converted_users: number
  conversion_rate: number | null
  avg_days_to_convert: number | null
  avg_mrr: number | null
}

export function impactTruth(rawDir: string, windowDays: number): ImpactTruth[] {
  // Features: the current state of each, enabled or not, and its first release date.
  const releases = JSON.parse(readFileSync(join(rawDir, 'feature_releases.json'), 'utf8')) as Row[]
  const byFeature = new Map<string, Row[]>()
  for (const r of releases)
    byFeature.set(r.feature_id as string, [...(byFeature.get(r.feature_id as string) ?? []), r])
  const features = [...byFeature.entries()].flatMap(([id, rs]) => {
    const sorted = rs.sort((a, b) => day(a.release_date as string) - day(b.release_date as string))
    const last = sorted[sorted.length - 1] as Row
    if (last.is_enabled === false) return []
    return [
      { id, name: last.feature_name as string, released: day(sorted[0]?.release_date as string) },
    ]
  })
  const signup = new Map<string, number>()
  for (const s of jsonl(join(rawDir, 'user_signups.jsonl')))
    signup.set(s.user_id as string, day(s.signup_date as string))
  const conversion = new Map<string, { day: number; mrr: number }>()
  for (const c of jsonl(join(rawDir, 'conversions.jsonl'))) {
    const d = day(c.conversion_date as string)
    const seen = conversion.get(c.user_id as string)
    if (seen === undefined || d < seen.day)
      conversion.set(c.user_id as string, { day: d, mrr: c.mrr as number })
  }
  const firstUse = new Map<string, number>()
  const seenEvents = new Set<string>()
  let asOf = Number.NEGATIVE_INFINITY
  const eventsDir = join(rawDir, 'feature_usage_events')
  for (const file of readdirSync(eventsDir).filter((f) => f.endsWith('.jsonl'))) {
    for (const e of jsonl(join(eventsDir, file))) {
      if (seenEvents.has(e.event_id as string)) continue
      seenEvents.add(e.event_id as string)
      const d = Math.floor(Date.parse(e.event_timestamp as string) / DAY)
      asOf = Math.max(asOf, d)
      const key = `${e.user_id}|${e.feature_id}`
      firstUse.set(key, Math.min(firstUse.get(key) ?? d, d))
    }
  }
  const rows: ImpactTruth[] = []
  for (const f of features) {
    const cohorts = new Map<string, { total: number; days: number[]; mrr: number[] }>(
      ['used_before_conversion', 'available_not_used', 'not_available'].map((c) => [
        c,
        { total: 0, days: [], mrr: [] },
      ]),
    )
    for (const [user, signed] of signup) {
      if (signed + windowDays > asOf) continue
      const conv = conversion.get(user)
      const cutoff = Math.min(signed + windowDays, conv?.day ?? Number.POSITIVE_INFINITY)
      const used = firstUse.get(`${user}|${f.id}`)
      const cohort =
        used !== undefined && used <= cutoff
          ? 'used_before_conversion'
          : f.released <= cutoff
            ? 'available_not_used'
            : 'not_available'
      const c = cohorts.get(cohort) as { total: number; days: number[]; mrr: number[] }
      c.total += 1
      if (conv !== undefined) {
        c.days.push(conv.day - signed)
        c.mrr.push(conv.mrr)
      }
    }
    for (const [cohort, c] of cohorts) {
      const mean = (xs: number[]) =>
        xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length
      rows.push({
        feature_name: f.name,
        cohort,
        total_users: c.total,
        converted_users: c.days.length,
        conversion_rate: c.total === 0 ? null : c.days.length / c.total,
        avg_days_to_convert: mean(c.days),
        avg_mrr: mean(c.mrr),
      })
    }
  }
  return rows
}
