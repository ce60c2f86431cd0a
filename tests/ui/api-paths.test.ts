import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiPaths } from '../../ui/src/api/paths.js'
import { type ApiHarness, openApi } from '../api/harness.js'

// The UI builds its URLs with apiPaths; here each one is sent to the real app (no port), so a
// route renamed on the server or a key not encoded in the UI fails this test, not a user.
let api: ApiHarness

beforeAll(async () => {
  api = await openApi()
})

afterAll(async () => {
  await api.dispose()
})

const status = async (path: string) => (await api.app.request(path)).status

describe('apiPaths', () => {
  it('encodes the slash of an asset key, so the key reaches the handler whole', async () => {
    expect(apiPaths.asset('bronze/numbers')).toBe('/api/assets/bronze%2Fnumbers')
    const res = await api.app.request(apiPaths.asset('bronze/numbers'))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { key: string }).key).toBe('bronze/numbers')
  })

  it.each([
    ['health', apiPaths.health()],
    ['assets', apiPaths.assets()],
    ['assets with select', apiPaths.assets('key:bronze/numbers')],
    ['lineage', apiPaths.lineage('group:silver')],
    ['materializations', apiPaths.materializations('bronze/numbers', 10)],
    ['checks', apiPaths.checks('bronze/numbers')],
    ['runs', apiPaths.runs(5)],
  ])('reaches a route for %s', async (_name, path) => {
    expect(await status(path)).toBe(200)
  })

  it('names the check history route with the check name encoded', async () => {
    const path = apiPaths.checkHistory('bronze/numbers', 'positive', 5)
    expect(path).toBe('/api/assets/bronze%2Fnumbers/checks/positive/history?limit=5')
    expect(await status(path)).toBe(200)
  })

  it('answers routes that need a materialization with the API error body, not a 404 page', async () => {
    for (const path of [
      apiPaths.preview('bronze/numbers', { limit: 5 }),
      apiPaths.versions('bronze/numbers'),
      apiPaths.asOf('silver/feature_states', '2024-01-01'),
    ]) {
      const res = await api.app.request(path)
      const body = (await res.json()) as { error?: { code: string } }
      expect(body.error?.code ?? 'ok', path).not.toBe('NOT_FOUND')
    }
  })

  it('leaves out empty query parameters', () => {
    expect(apiPaths.lineage('')).toBe('/api/lineage')
    expect(apiPaths.lineage(undefined)).toBe('/api/lineage')
    expect(apiPaths.lineage('a b')).toBe('/api/lineage?select=a+b')
    expect(apiPaths.runStream('r1', 'tok')).toBe('/api/runs/r1/stream?token=tok')
  })
})
