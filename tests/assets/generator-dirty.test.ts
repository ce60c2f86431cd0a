import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BAD_KINDS, type BadKind } from '../../assets/generator/dirty.js'
import { type GenerateSummary, generateData } from '../../assets/generator/generate-data.js'
import { eventFiles, isRealDate, readLines, tryParse, utcDate } from './generator-helpers.js'

const tmp = mkdtempSync(join(tmpdir(), 'medallion-generator-dirty-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const REQUIRED = {
  user_signups: ['user_id', 'email', 'signup_date', 'company_size', 'industry'],
  feature_usage_events: [
    'event_id',
    'user_id',
    'feature_id',
    'feature_name',
    'event_type',
    'event_timestamp',
  ],
  conversions: [
    'user_id',
    'conversion_date',
    'plan',
    'mrr',
    'signup_date',
    'days_to_convert',
    'used_real_time_collab',
  ],
} as const
type Source = keyof typeof REQUIRED

/** Why bronze would quarantine a line, judged from the spec alone; undefined for a valid record. */
function classify(source: Source, line: string): BadKind | undefined {
  const r = tryParse(line)
  if (r === undefined) return 'not_json'
  if (r.user_id === null) return 'null_user_id'
  if (REQUIRED[source].some((k) => !(k in r) || r[k] === null)) return 'missing_field'
  const numbers = source === 'conversions' ? ['mrr', 'days_to_convert'] : []
  const booleans = source === 'conversions' ? ['used_real_time_collab'] : []
  for (const k of REQUIRED[source]) {
    const expected = numbers.includes(k) ? 'number' : booleans.includes(k) ? 'boolean' : 'string'
    if (typeof r[k] !== expected) return 'wrong_type'
  }
  const dates = {
    user_signups: ['signup_date'],
    conversions: ['conversion_date', 'signup_date'],
    feature_usage_events: [],
  }[source]
  if (dates.some((k) => !isRealDate(r[k]))) return 'bad_date'
  if (source === 'feature_usage_events' && utcDate(r.event_timestamp) === undefined)
    return 'bad_date'
  return undefined
}

function tally(source: Source, lines: readonly string[]): Record<BadKind, number> {
  const counts = Object.fromEntries(BAD_KINDS.map((k) => [k, 0])) as Record<BadKind, number>
  for (const line of lines) {
    const kind = classify(source, line)
    if (kind !== undefined) counts[kind]++
  }
  return counts
}

describe('generateData --dirty', () => {
  const dirtyDir = join(tmp, 'dirty')
  const cleanDir = join(tmp, 'clean')
  let summary: GenerateSummary
  beforeAll(async () => {
    summary = await generateData({ users: 1000, days: 45, dirty: true, out: dirtyDir })
    await generateData({ users: 1000, days: 45, out: cleanDir })
  })

  it('adds every kind of bad record to the usage events and the signups, about 1% of each file', () => {
    const events = eventFiles(dirtyDir).flatMap((f) => f.lines)
    const signups = readLines(join(dirtyDir, 'user_signups.jsonl'))
    for (const [source, lines] of [
      ['feature_usage_events', events],
      ['user_signups', signups],
    ] as const) {
      const counts = tally(source, lines)
      for (const kind of BAD_KINDS) expect(counts[kind], `${source} ${kind}`).toBeGreaterThan(0)
      const bad = Object.values(counts).reduce((a, b) => a + b, 0)
      expect(bad / lines.length).toBeGreaterThan(0.005)
      expect(bad / lines.length).toBeLessThan(0.03)
    }
  })

  it('reports exactly the bad records it wrote', () => {
    const all = {
      feature_usage_events: eventFiles(dirtyDir).flatMap((f) => f.lines),
      user_signups: readLines(join(dirtyDir, 'user_signups.jsonl')),
      conversions: readLines(join(dirtyDir, 'conversions.jsonl')),
    }
    const found = Object.fromEntries(BAD_KINDS.map((k) => [k, 0])) as Record<BadKind, number>
    for (const [source, lines] of Object.entries(all)) {
      for (const [kind, n] of Object.entries(tally(source as Source, lines)))
        found[kind as BadKind] += n
    }
    // feature_releases.json adds one record without release_date and one with an impossible date.
    found.missing_field++
    found.bad_date++
    expect(found).toEqual(summary.dirty.invalid)
  })

  it('repeats some events exactly (same event_id) and delivers some in a later day’s file', () => {
    let duplicates = 0
    let late = 0
    const seen = new Map<string, string>()
    for (const { date, lines } of eventFiles(dirtyDir)) {
      for (const line of lines) {
        if (classify('feature_usage_events', line) !== undefined) continue
        const e = JSON.parse(line) as Record<string, string>
        const id = e.event_id as string
        if (seen.has(id)) {
          expect(seen.get(id)).toBe(line)
          duplicates++
        }
        seen.set(id, line)
        if ((utcDate(e.event_timestamp) as string) < date) late++
      }
    }
    expect(duplicates).toBeGreaterThan(0)
    expect(late).toBeGreaterThan(0)
    expect(late).toBeGreaterThanOrEqual(summary.dirty.late)
  })

  it('only adds to the clean data: valid, deduplicated records equal the clean run', () => {
    const valid = (source: Source, lines: readonly string[]): string[] =>
      [...new Set(lines.filter((l) => classify(source, l) === undefined))].sort()
    const cleanEvents = eventFiles(cleanDir).flatMap((f) => f.lines)
    const dirtyEvents = eventFiles(dirtyDir).flatMap((f) => f.lines)
    expect(valid('feature_usage_events', dirtyEvents)).toEqual(
      valid('feature_usage_events', cleanEvents),
    )
    for (const file of ['user_signups', 'conversions'] as const) {
      const read = (dir: string): string[] => readLines(join(dir, `${file}.jsonl`))
      expect(valid(file, read(dirtyDir))).toEqual(valid(file, read(cleanDir)))
    }
  })

  it('keeps feature_releases.json one JSON array, with a bad and a repeated release', () => {
    const releases = JSON.parse(
      readFileSync(join(dirtyDir, 'feature_releases.json'), 'utf8'),
    ) as Record<string, unknown>[]
    expect(releases.filter((r) => !isRealDate(r.release_date))).toHaveLength(2)
    const texts = releases.map((r) => JSON.stringify(r))
    expect(new Set(texts).size).toBe(texts.length - 1)
  })
})
