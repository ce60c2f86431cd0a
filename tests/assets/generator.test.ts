import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GenerateSummary, generateData } from '../../assets/generator/generate-data.js'
import { resolveOptions } from '../../assets/generator/options.js'
import type { FrameworkError } from '../../framework/errors.js'
import { eventFiles, hashTree, isRealDate, readLines, utcDate } from './generator-helpers.js'

const tmp = mkdtempSync(join(tmpdir(), 'medallion-generator-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('generateData: determinism', () => {
  it('writes the same bytes for the same options, and other bytes for another seed', async () => {
    const args = { users: 300, days: 40, dirty: true }
    await generateData({ ...args, out: join(tmp, 'a') })
    await generateData({ ...args, out: join(tmp, 'b') })
    await generateData({ ...args, seed: 7, out: join(tmp, 'c') })
    expect(hashTree(join(tmp, 'a'))).toBe(hashTree(join(tmp, 'b')))
    expect(hashTree(join(tmp, 'a'))).not.toBe(hashTree(join(tmp, 'c')))
  })
})

describe('generateData: file shapes (clean)', () => {
  const raw = join(tmp, 'clean')
  let summary: GenerateSummary
  beforeAll(async () => {
    summary = await generateData({ users: 800, days: 90, start: '2024-03-01', out: raw })
  })

  it('writes about 8 features, released before and during the period, several with 2-4 versions', () => {
    const releases = JSON.parse(readFileSync(join(raw, 'feature_releases.json'), 'utf8')) as Record<
      string,
      unknown
    >[]
    expect(releases).toHaveLength(summary.rows.featureReleases)
    for (const r of releases) {
      expect(r).toEqual(
        expect.objectContaining({
          feature_id: expect.any(String),
          feature_name: expect.any(String),
          version: expect.any(String),
        }),
      )
      expect(isRealDate(r.release_date)).toBe(true)
      if ('is_enabled' in r) expect(typeof r.is_enabled).toBe('boolean')
    }
    const versions = new Map<string, Record<string, unknown>[]>()
    for (const r of releases)
      versions.set(r.feature_name as string, [...(versions.get(r.feature_name as string) ?? []), r])
    expect(versions.size).toBeGreaterThanOrEqual(7)
    expect([...versions.keys()]).toEqual(expect.arrayContaining(['real_time_collab', 'dark_mode']))
    expect(
      [...versions.values()].filter((v) => v.length >= 2 && v.length <= 4).length,
    ).toBeGreaterThanOrEqual(3)
    const firsts = [...versions.values()].map((v) =>
      Math.min(...v.map((r) => Date.parse(r.release_date as string))),
    )
    expect(firsts.some((ms) => ms < Date.parse('2024-03-01'))).toBe(true)
    expect(firsts.some((ms) => ms > Date.parse('2024-03-01'))).toBe(true)
  })

  it('writes one valid signup per user', () => {
    const lines = readLines(join(raw, 'user_signups.jsonl'))
    expect(lines).toHaveLength(800)
    const rows = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(new Set(rows.map((r) => r.user_id)).size).toBe(800)
    for (const r of rows) {
      expect(Object.keys(r)).toEqual([
        'user_id',
        'email',
        'signup_date',
        'company_size',
        'industry',
      ])
      expect(r.email).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/)
      expect(
        isRealDate(r.signup_date) && r.signup_date >= '2024-03-01' && r.signup_date <= '2024-05-29',
      ).toBe(true)
      expect(typeof r.company_size === 'string' && typeof r.industry === 'string').toBe(true)
    }
  })

  it('writes daily event files whose events all fall on the file day, with unique ids', () => {
    const files = eventFiles(raw)
    const keys = [
      'event_id',
      'user_id',
      'feature_id',
      'feature_name',
      'event_type',
      'event_timestamp',
    ]
    const ids = new Set<string>()
    const wrong: string[] = []
    let count = 0
    let withOffset = 0
    for (const { date, lines } of files) {
      for (const line of lines) {
        const e = JSON.parse(line) as Record<string, unknown>
        const ok =
          Object.keys(e).join() === keys.join() &&
          utcDate(e.event_timestamp) === date &&
          keys.slice(0, 5).every((k) => typeof e[k] === 'string' && e[k] !== '')
        if (!ok) wrong.push(`${date}: ${line}`)
        if (!String(e.event_timestamp).endsWith('Z')) withOffset++
        ids.add(e.event_id as string)
        count++
      }
    }
    expect(wrong).toEqual([])
    expect(count).toBe(summary.rows.featureUsageEvents)
    expect(ids.size).toBe(count)
    // Both forms of ISO 8601 the spec allows appear: most in UTC (Z), some with an offset.
    expect(withOffset / count).toBeGreaterThan(0.2)
    expect(withOffset / count).toBeLessThan(0.6)
  })

  it('writes conversions consistent with signups and events, mostly after the 14-day trial', () => {
    const signups = new Map(
      readLines(join(raw, 'user_signups.jsonl')).map((l) => {
        const r = JSON.parse(l) as Record<string, string>
        return [r.user_id, r.signup_date] as const
      }),
    )
    const firstCollab = new Map<string, string>()
    for (const { date, lines } of eventFiles(raw)) {
      for (const line of lines) {
        const e = JSON.parse(line) as Record<string, string>
        if (e.feature_name === 'real_time_collab' && !firstCollab.has(e.user_id as string))
          firstCollab.set(e.user_id as string, date)
      }
    }
    const lines = readLines(join(raw, 'conversions.jsonl'))
    expect(lines.length).toBeGreaterThan(40)
    let afterTrial = 0
    for (const line of lines) {
      expect(line).toMatch(/"mrr":\d+\.\d{2},/)
      const c = JSON.parse(line) as Record<string, unknown>
      expect(Object.keys(c)).toEqual([
        'user_id',
        'conversion_date',
        'plan',
        'mrr',
        'signup_date',
        'days_to_convert',
        'used_real_time_collab',
      ])
      expect(['starter', 'pro', 'enterprise']).toContain(c.plan)
      expect(c.signup_date).toBe(signups.get(c.user_id as string))
      const days =
        (Date.parse(c.conversion_date as string) - Date.parse(c.signup_date as string)) / 86_400_000
      expect(c.days_to_convert).toBe(days)
      const first = firstCollab.get(c.user_id as string)
      expect(c.used_real_time_collab).toBe(
        first !== undefined && first <= (c.conversion_date as string),
      )
      if (days >= 14) afterTrial++
    }
    expect(afterTrial / lines.length).toBeGreaterThan(0.85)
  })
})

describe('resolveOptions', () => {
  it.each([
    { users: 0 },
    { days: 1.5 },
    { start: '2024-02-30' },
    { collabLift: 0 },
    { seed: Number.NaN },
  ])('rejects %o with USAGE', (bad) => {
    expect(() => resolveOptions(bad)).toThrow(
      expect.objectContaining({ code: 'USAGE' }) as FrameworkError,
    )
  })

  it('fills the spec defaults', () => {
    expect(resolveOptions({})).toMatchObject({
      users: 5000,
      days: 180,
      start: '2024-01-01',
      seed: 42,
      collabLift: 1.23,
      out: 'data/raw',
    })
  })
})
