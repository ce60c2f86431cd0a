import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AssetDetail,
  AssetsResponse,
  CheckHistoryResponse,
  ChecksResponse,
  LineageResponse,
  MaterializationsResponse,
} from '../../framework/api/schemas.js'
import {
  ALL_BUT_WAITS,
  type ApiHarness,
  getJson,
  materializeThroughApi,
  openApi,
} from './harness.js'

describe('asset endpoints', () => {
  let h: ApiHarness
  beforeAll(async () => {
    h = await openApi()
    const detail = await materializeThroughApi(h.app, ALL_BUT_WAITS)
    expect(detail.run.status).toBe('success')
  }, 30_000)
  afterAll(async () => h.dispose())

  it('lists every asset and source with status, row counts and check counts', async () => {
    const body = AssetsResponse.parse(await getJson(h.app, '/api/assets'))
    const byKey = new Map(body.assets.map((a) => [a.key, a]))
    expect([...byKey.keys()]).toContain('raw/numbers')
    const numbers = byKey.get('bronze/numbers')
    expect(numbers).toMatchObject({
      type: 'asset',
      group: 'bronze',
      storage: 'delta',
      status: 'fresh',
      rowCount: 10,
      deps: ['raw/numbers'],
      owners: ['team:data'],
      running: false,
    })
    expect(numbers?.checks).toEqual({
      total: 1,
      passed: 1,
      warn: 0,
      failed: 0,
      errored: 0,
      notEvaluated: 0,
    })
    expect(byKey.get('silver/even')?.checks).toMatchObject({ total: 1, warn: 1 })
    expect(byKey.get('silver/waits_for_cancel')).toMatchObject({
      status: 'missing',
      rowCount: null,
    })
    expect(byKey.get('silver/waits_for_cancel')?.causes[0]?.category).toBe('missing')
    expect(byKey.get('raw/numbers')).toMatchObject({
      type: 'source',
      storage: null,
      status: 'fresh',
    })
  })

  it('filters the list with ?select=', async () => {
    const body = AssetsResponse.parse(
      await getJson(h.app, `/api/assets?select=${encodeURIComponent('key:bronze/numbers+')}`),
    )
    expect(body.assets.map((a) => a.key).sort()).toEqual(['bronze/numbers', 'silver/even'])
  })

  it('reads one asset by its URL-encoded key, with columns from the materialization', async () => {
    const body = AssetDetail.parse(await getJson(h.app, '/api/assets/silver%2Ffeature_states'))
    expect(body.key).toBe('silver/feature_states')
    expect(body.columnsFrom).toBe('materialization')
    expect(body.columns.map((c) => c.name)).toEqual([
      'feature_id',
      'version',
      'effective_from',
      'effective_to',
      'is_current',
    ])
    expect(body.scd2).toBe(true)
    expect(body.timeTravel).toBe(true)
    expect(body.downstream).toEqual(['gold/feature_conversion_impact'])
    expect(body.latest?.rowCount).toBe(3)
    expect(body.location).toMatch(/silver[/\\]feature_states$/)
  })

  it('falls back to the zod schema for columns of a never materialized asset', async () => {
    const body = AssetDetail.parse(await getJson(h.app, '/api/assets/silver%2Fwaits_for_cancel'))
    expect(body.columnsFrom).toBe('schema')
    expect(body.columns).toEqual([{ name: 'n', type: 'number', nullable: false }])
    expect(body.latest).toBeNull()
  })

  it('describes a source: its path and what reads it', async () => {
    const body = AssetDetail.parse(await getJson(h.app, '/api/assets/raw%2Fnumbers'))
    expect(body).toMatchObject({
      type: 'source',
      location: 'raw/numbers.jsonl',
      downstream: ['bronze/numbers'],
      columnsFrom: 'none',
      sourceError: null,
    })
  })

  it('returns materialization history for charts', async () => {
    await materializeThroughApi(h.app, 'key:silver/even')
    const body = MaterializationsResponse.parse(
      await getJson(h.app, '/api/assets/silver%2Feven/materializations?limit=5'),
    )
    expect(body.materializations).toHaveLength(2)
    expect(body.materializations[0]?.rowCount).toBe(5)
    // Newest first.
    const [newest, older] = body.materializations
    expect(Date.parse(newest?.at ?? '')).toBeGreaterThanOrEqual(Date.parse(older?.at ?? ''))
  })

  it('returns checks with their definition and latest evaluation, and their history', async () => {
    const checks = ChecksResponse.parse(await getJson(h.app, '/api/assets/silver%2Feven/checks'))
    expect(checks.checks).toEqual([
      expect.objectContaining({
        name: 'many_rows',
        severity: 'warn',
        blocking: false,
        latest: expect.objectContaining({ status: 'failed', message: 'fewer rows than hoped' }),
      }),
    ])
    const history = CheckHistoryResponse.parse(
      await getJson(h.app, '/api/assets/bronze%2Fnumbers/checks/positive/history'),
    )
    expect(history.evaluations[0]?.status).toBe('passed')
  })

  it('returns the lineage graph with the selected keys', async () => {
    const body = LineageResponse.parse(
      await getJson(h.app, `/api/lineage?select=${encodeURIComponent('+key:silver/even')}`),
    )
    expect(body.edges).toContainEqual({ from: 'raw/numbers', to: 'bronze/numbers' })
    expect(body.edges).toContainEqual({ from: 'bronze/numbers', to: 'silver/even' })
    expect(body.nodes).toHaveLength(7)
    expect(body.selected).toEqual(['raw/numbers', 'bronze/numbers', 'silver/even'])
    const all = LineageResponse.parse(await getJson(h.app, '/api/lineage'))
    expect(all.selected).toBeNull()
  })
})
