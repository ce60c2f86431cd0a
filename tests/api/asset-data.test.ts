import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AsOfResponse,
  InsightsResponse,
  PreviewResponse,
  VersionsResponse,
} from '../../framework/api/schemas.js'
import { writeNumbers } from './fixtures/api-definitions.js'
import {
  ALL_BUT_WAITS,
  type ApiHarness,
  getJson,
  materializeThroughApi,
  openApi,
} from './harness.js'

describe('asset data endpoints', () => {
  let h: ApiHarness
  beforeAll(async () => {
    h = await openApi()
    // Insights answer 404 until the gold tables exist.
    const before = await getJson<{ error: { code: string; hint: string } }>(
      h.app,
      '/api/insights',
      404,
    )
    expect(before.error.code).toBe('NOT_MATERIALIZED')
    expect(before.error.hint).toContain('gold')
    await materializeThroughApi(h.app, ALL_BUT_WAITS)
    // A second version of bronze/numbers with more rows, for time travel.
    writeNumbers(h.instance.dataDir, 12)
    await materializeThroughApi(h.app, 'key:bronze/numbers')
  }, 30_000)
  afterAll(async () => h.dispose())

  it('previews the first rows of a Delta table at its latest version', async () => {
    const body = PreviewResponse.parse(
      await getJson(h.app, '/api/assets/bronze%2Fnumbers/preview?limit=50'),
    )
    expect(body.rows).toHaveLength(12)
    expect(body.columns).toEqual([{ name: 'n', type: 'INTEGER', nullable: true }])
    expect(body.version).toBeGreaterThan(0)
  })

  it('travels back to an earlier Delta version by number and by time', async () => {
    const versions = VersionsResponse.parse(
      await getJson(h.app, '/api/assets/bronze%2Fnumbers/versions'),
    )
    expect(versions.versions.length).toBeGreaterThanOrEqual(2)
    const [latest, first] = [versions.versions[0], versions.versions.at(-1)]
    expect(latest?.version).toBeGreaterThan(first?.version ?? 0)
    expect(first?.operation).toEqual(expect.any(String))

    const old = PreviewResponse.parse(
      await getJson(h.app, `/api/assets/bronze%2Fnumbers/preview?version=${first?.version}`),
    )
    expect(old.rows).toHaveLength(10)
    expect(old.version).toBe(first?.version)

    const byTime = PreviewResponse.parse(
      await getJson(
        h.app,
        `/api/assets/bronze%2Fnumbers/preview?timestamp=${encodeURIComponent(first?.timestamp ?? '')}`,
      ),
    )
    expect(byTime.version).toBe(first?.version)
  })

  it('previews a DuckDB table with JSON-safe values and honours limit', async () => {
    const body = PreviewResponse.parse(
      await getJson(h.app, '/api/assets/gold%2Ffeature_conversion_impact/preview?limit=2'),
    )
    expect(body.rows).toHaveLength(2)
    expect(body.version).toBeNull()
    // BIGINT comes back as a JSON-safe value, not a BigInt that would break JSON.stringify.
    expect(['string', 'number']).toContain(typeof body.rows[0]?.total_users)
  })

  it('answers the state of an SCD2 table valid on a date', async () => {
    const january = AsOfResponse.parse(
      await getJson(h.app, '/api/assets/silver%2Ffeature_states/as-of?date=2024-01-20'),
    )
    expect(january.rows.map((r) => [r.feature_id, r.version])).toEqual([
      ['f1', 'v1'],
      ['f2', 'v1'],
    ])
    const march = AsOfResponse.parse(
      await getJson(h.app, '/api/assets/silver%2Ffeature_states/as-of?date=2024-03-01'),
    )
    expect(march.rows.map((r) => [r.feature_id, r.version])).toEqual([
      ['f1', 'v2'],
      ['f2', 'v1'],
    ])
    const before = AsOfResponse.parse(
      await getJson(h.app, '/api/assets/silver%2Ffeature_states/as-of?date=2023-12-31'),
    )
    expect(before.rows).toEqual([])
  })

  it('shapes the gold tables into insights with the real_time_collab headline', async () => {
    const body = InsightsResponse.parse(await getJson(h.app, '/api/insights'))
    expect(body.conversionByCohort).toHaveLength(3)
    expect(body.conversionByCohort[0]).toMatchObject({ total_users: expect.any(Number) })
    expect(body.lift).toEqual([
      expect.objectContaining({ feature_name: 'real_time_collab', lift: 1.5 }),
    ])
    expect(body.headline?.summary).toContain('1.50×')
    expect(body.headline?.ci_low).toBe(0.01)
    expect(body.materializedAt.lift).toEqual(expect.any(String))
  })
})
