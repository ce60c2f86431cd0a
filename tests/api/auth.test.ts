import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assertSafeBinding } from '../../framework/server/bind-address.js'
import { type ApiHarness, openApi } from './harness.js'

describe('token auth', () => {
  let h: ApiHarness
  beforeAll(async () => {
    h = await openApi({ token: 's3cret' })
  })
  afterAll(async () => h.dispose())

  it('refuses /api requests without the token, or with a wrong one', async () => {
    const none = await h.app.request('/api/health')
    expect(none.status).toBe(401)
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED')
    const wrong = await h.app.request('/api/health', { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    const post = await h.app.request('/api/runs', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ select: '*' }),
    })
    expect(post.status).toBe(401)
    expect(h.runManager.activeRunIds()).toEqual([])
  })

  it('accepts the bearer header, and ?token= for EventSource', async () => {
    const header = await h.app.request('/api/health', {
      headers: { authorization: 'Bearer s3cret' },
    })
    expect(header.status).toBe(200)
    expect(await header.json()).toMatchObject({ status: 'ok', auth: true, assets: 6, sources: 1 })
    expect((await h.app.request('/api/assets?token=s3cret')).status).toBe(200)
  })
})

describe('assertSafeBinding', () => {
  it('allows loopback without a token and other hosts only with one', () => {
    expect(() => assertSafeBinding('127.0.0.1', undefined)).not.toThrow()
    expect(() => assertSafeBinding('::1', undefined)).not.toThrow()
    expect(() => assertSafeBinding('0.0.0.0', 'T')).not.toThrow()
    expect(() => assertSafeBinding('0.0.0.0', undefined)).toThrow(
      expect.objectContaining({ code: 'USAGE' }),
    )
    expect(() => assertSafeBinding('192.168.1.5', '')).toThrow(/token/)
  })
})
