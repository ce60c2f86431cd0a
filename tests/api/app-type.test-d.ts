import { hc } from 'hono/client'
import { describe, expectTypeOf, it } from 'vitest'
import type { AppType } from '../../framework/api/app.js'
import type {
  AssetDetail,
  AssetsResponse,
  LaunchRunResponse,
  RunDetail,
} from '../../framework/api/schemas.js'

// The UI calls the API through `hc<AppType>`: these keep its inferred types equal to schemas.ts.
const client = hc<AppType>('/')

describe('AppType', () => {
  it('types responses as the shared schemas', async () => {
    const list = await client.api.assets.$get({ query: { select: '*' } })
    expectTypeOf(await list.json()).toExtend<AssetsResponse>()
    const one = await client.api.assets[':key'].$get({
      param: { key: encodeURIComponent('silver/even') },
    })
    if (one.ok) expectTypeOf(await one.json()).toExtend<AssetDetail>()
    const run = await client.api.runs[':id'].$get({ param: { id: 'x' } })
    if (run.ok) expectTypeOf(await run.json()).toExtend<RunDetail>()
  })

  it('types request bodies and queries from the validators', () => {
    expectTypeOf(client.api.runs.$post)
      .parameter(0)
      .toHaveProperty('json')
      .toHaveProperty('select')
      .toEqualTypeOf<string>()
    expectTypeOf<LaunchRunResponse>().toEqualTypeOf<{ runId: string }>()
    expectTypeOf(client.api.assets[':key'].preview.$get).parameter(0).toHaveProperty('query')
  })
})
