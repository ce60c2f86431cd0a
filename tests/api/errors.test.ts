import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorResponse } from '../../framework/api/errors.js'
import { ApiErrorBody } from '../../framework/api/schemas.js'
import { FrameworkError } from '../../framework/errors.js'
import { type ApiHarness, getJson, materializeThroughApi, openApi, postJson } from './harness.js'

const errorOf = (body: unknown) => ApiErrorBody.parse(body).error

describe('API errors', () => {
  let h: ApiHarness
  beforeAll(async () => {
    h = await openApi()
    await materializeThroughApi(h.app, 'key:bronze/numbers+')
  }, 30_000)
  afterAll(async () => h.dispose())

  it('answers 404 with a did-you-mean hint for an unknown asset key', async () => {
    const error = errorOf(await getJson(h.app, '/api/assets/silver%2Fevn', 404))
    expect(error.code).toBe('ASSET_NOT_FOUND')
    expect(error.hint).toContain('silver/even')
    const dotted = errorOf(await getJson(h.app, '/api/assets/bronze.numbers/checks', 404))
    expect(dotted.hint).toContain('bronze/numbers')
  })

  it('answers 404 for an unknown check, naming the close one', async () => {
    const error = errorOf(
      await getJson(h.app, '/api/assets/bronze%2Fnumbers/checks/positiv/history', 404),
    )
    expect(error.message).toContain('"positive"')
  })

  it('answers 400 with the column for a bad selection, on every endpoint that takes one', async () => {
    const listed = errorOf(
      await getJson(h.app, `/api/assets?select=${encodeURIComponent('key:silver/even ++')}`, 400),
    )
    expect(listed.code).toBe('SELECTION_SYNTAX')
    expect(listed.column).toEqual(expect.any(Number))
    expect(listed.message).toContain(`column ${listed.column}`)
    const lineage = errorOf(
      await getJson(h.app, `/api/lineage?select=${encodeURIComponent('key:silver/nope')}`, 400),
    )
    expect(lineage.code).toBe('SELECTION_UNKNOWN_KEY')
    expect(lineage.column).toBe(5)
    const launched = errorOf(await postJson(h.app, '/api/runs', { select: 'group:(' }, 400))
    expect(launched.code).toBe('SELECTION_SYNTAX')
  })

  it('answers 400 for requests that do not match their schema', async () => {
    const limit = errorOf(
      await getJson(h.app, '/api/assets/bronze%2Fnumbers/preview?limit=100000', 400),
    )
    expect(limit.code).toBe('BAD_REQUEST')
    expect(limit.message).toContain('"limit"')
    const both = errorOf(
      await getJson(
        h.app,
        '/api/assets/bronze%2Fnumbers/preview?version=0&timestamp=2024-01-01T00:00:00Z',
        400,
      ),
    )
    expect(both.message).toContain('either version or timestamp')
    expect(errorOf(await postJson(h.app, '/api/runs', { staleOnly: true }, 400)).code).toBe(
      'BAD_REQUEST',
    )
    expect(
      errorOf(
        await getJson(h.app, '/api/assets/silver%2Ffeature_states/as-of?date=2024-13-01', 400),
      ).code,
    ).toBe('BAD_REQUEST')
  })

  it('refuses time travel and versions on DuckDB storage, and as-of on a non-SCD2 table', async () => {
    expect(
      errorOf(await getJson(h.app, '/api/assets/silver%2Feven/preview?version=0', 400)).code,
    ).toBe('USAGE')
    expect(errorOf(await getJson(h.app, '/api/assets/silver%2Feven/versions', 400)).hint).toContain(
      'delta',
    )
    expect(
      errorOf(await getJson(h.app, '/api/assets/bronze%2Fnumbers/as-of?date=2024-01-01', 400))
        .message,
    ).toContain('SCD Type 2')
    expect(
      errorOf(await getJson(h.app, '/api/assets/bronze%2Fnumbers/preview?version=99', 400)).message,
    ).toContain('does not exist')
  })

  it('answers 404 NOT_MATERIALIZED with the fix for a table never written, and 400 for a source', async () => {
    const error = errorOf(await getJson(h.app, '/api/assets/silver%2Ffeature_states/preview', 404))
    expect(error.code).toBe('NOT_MATERIALIZED')
    expect(error.hint).toContain('silver%2Ffeature_states/materialize')
    expect(errorOf(await getJson(h.app, '/api/assets/raw%2Fnumbers/preview', 400)).code).toBe(
      'USAGE',
    )
  })

  it('answers 404 in the same shape for unknown routes', async () => {
    expect(errorOf(await getJson(h.app, '/api/nothing', 404)).code).toBe('NOT_FOUND')
  })

  it('maps framework codes in one place and hides the message of unknown errors', () => {
    expect(errorResponse(new FrameworkError('ASSET_LOCKED', 'x')).status).toBe(409)
    expect(errorResponse(new FrameworkError('USER_CODE_FAILED', 'x')).status).toBe(422)
    const unknown = errorResponse(new Error('secret path /etc/passwd'))
    expect(unknown.status).toBe(500)
    expect(unknown.body.error.code).toBe('INTERNAL')
    expect(JSON.stringify(unknown.body)).not.toContain('passwd')
  })
})
