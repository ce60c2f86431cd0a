import { mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateData } from '../../assets/generator/generate-data.js'
import { newcombeInterval } from '../../assets/gold/proportion-stats.js'
import definitions from '../../assets/index.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { type ImpactTruth, impactTruth } from './gold-truth.js'
import { failures, openTestPipeline, type TestPipeline } from './pipeline-harness.js'

// One events file instead of daily ones keeps the run fast (each daily file is its own commits);
// tests/assets/bronze-*.test.ts cover the daily layout.
const OPTIONS = { users: 400, days: 60, seed: 7, eventsPerFileDay: false }
const ORDER =
  "feature_name, CASE cohort WHEN 'used_before_conversion' THEN 1 WHEN 'available_not_used' THEN 2 ELSE 3 END"

describe('PLG pipeline end to end', () => {
  const temp = makeTempDir('plg-truth-')
  let clean: TestPipeline
  let dirty: TestPipeline
  let truth: ImpactTruth[]

  beforeAll(async () => {
    for (const [name, dirty] of [
      ['clean', false],
      ['dirty', true],
    ] as const) {
      const raw = join(temp.dir, name, 'raw')
      await generateData({ ...OPTIONS, dirty, out: raw })
      mkdirSync(join(raw, 'feature_usage_events'))
      renameSync(
        join(raw, 'feature_usage_events.jsonl'),
        join(raw, 'feature_usage_events', 'all.jsonl'),
      )
    }
    const position = (c: string) =>
      ['used_before_conversion', 'available_not_used', 'not_available'].indexOf(c)
    truth = impactTruth(join(temp.dir, 'clean', 'raw'), 14).sort(
      (a, b) =>
        a.feature_name.localeCompare(b.feature_name) || position(a.cohort) - position(b.cohort),
    )
    clean = await openTestPipeline(join(temp.dir, 'clean'), definitions)
    dirty = await openTestPipeline(join(temp.dir, 'dirty'), definitions)
  }, 60_000)
  afterAll(async () => {
    await clean?.close()
    await dirty?.close()
    temp.remove()
  })

  it('materializes every asset and passes every check, on clean and on dirty data', async () => {
    const notPassed = async (pipeline: TestPipeline) => {
      const result = await pipeline.run()
      expect(failures(result)).toEqual([])
      expect(result.checks.length).toBeGreaterThan(40)
      return result.checks.filter((c) => c.status !== 'passed').map((c) => `${c.key}:${c.check}`)
    }
    expect(await notPassed(clean)).toEqual([])
    // Dirty data puts 2 bad releases among 20 records of the catalog: the warning is right to fire.
    expect(await notPassed(dirty)).toEqual(['bronze/feature_releases:quarantine_share_small'])
  }, 60_000)

  it('computes gold/feature_conversion_impact exactly as an independent computation over the raw files', async () => {
    const rows = await clean.rows<ImpactTruth>('gold/feature_conversion_impact', ORDER)
    expect(rows.map((r) => [r.feature_name, r.cohort, r.total_users, r.converted_users])).toEqual(
      truth.map((r) => [r.feature_name, r.cohort, r.total_users, r.converted_users]),
    )
    expect(truth.some((r) => r.cohort === 'not_available' && r.total_users > 0)).toBe(true)
    rows.forEach((row, i) => {
      const want = truth[i] as ImpactTruth
      for (const column of ['conversion_rate', 'avg_days_to_convert', 'avg_mrr'] as const) {
        if (want[column] === null)
          expect(row[column], `${row.feature_name}/${row.cohort} ${column}`).toBeNull()
        // avg_mrr is money, DECIMAL(10,2): rounded to the cent.
        else expect(row[column]).toBeCloseTo(want[column] as number, column === 'avg_mrr' ? 2 : 9)
      }
    })
  })

  it('computes gold/feature_conversion_lift from the adopter and non-adopter cohorts', async () => {
    const rows = await clean.rows<Record<string, number | string | null>>(
      'gold/feature_conversion_lift',
      'feature_name',
    )
    const names = [...new Set(truth.map((r) => r.feature_name))].sort()
    expect(rows.map((r) => r.feature_name)).toEqual(names)
    for (const row of rows) {
      const of = (cohort: string) =>
        truth.find((t) => t.feature_name === row.feature_name && t.cohort === cohort) as ImpactTruth
      const a = of('used_before_conversion')
      const n = of('available_not_used')
      expect([row.adopters, row.non_adopters]).toEqual([a.total_users, n.total_users])
      if (a.total_users === 0 || n.total_users === 0 || n.converted_users === 0) continue
      const rateA = a.converted_users / a.total_users
      const rateN = n.converted_users / n.total_users
      expect(row.lift).toBeCloseTo(rateA / rateN, 9)
      expect(row.rate_difference).toBeCloseTo(rateA - rateN, 9)
      const ci = newcombeInterval(
        a.converted_users,
        a.total_users,
        n.converted_users,
        n.total_users,
      )
      expect(row.ci_low).toBeCloseTo(ci?.low as number, 9)
      expect(row.ci_high).toBeCloseTo(ci?.high as number, 9)
      expect(row.p_value).toBeGreaterThanOrEqual(0)
      expect(row.p_value).toBeLessThanOrEqual(1)
    }
  })

  it('gives the same gold tables on dirty data: quarantine and deduplication remove exactly the noise', async () => {
    for (const key of ['gold/feature_conversion_impact', 'gold/feature_conversion_lift'] as const) {
      const order = key.endsWith('impact') ? ORDER : 'feature_name'
      expect(await dirty.rows(key, order)).toEqual(await clean.rows(key, order))
    }
    expect((await dirty.rows('silver/user_dim', 'user_id')).length).toBe(OPTIONS.users)
  })
})
