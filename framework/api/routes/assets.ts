import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import type { AssetKey } from '../../definitions/asset-key.js'
import { selectAssets } from '../../selection/select-assets.js'
import { assetFromParam } from '../asset-param.js'
import { assetDetail } from '../catalog/asset-detail.js'
import { assetSummaries } from '../catalog/asset-summaries.js'
import type { ApiDeps } from '../deps.js'
import {
  type AssetsResponse,
  LimitQuery,
  type MaterializationsResponse,
  MaterializeAssetBody,
  SelectQuery,
} from '../schemas.js'
import { invalidRequest } from '../validate.js'

/** GET /api/assets, GET /api/assets/:key, its materializations, POST …/materialize. */
export const assetRoutes = (deps: ApiDeps) =>
  new Hono()
    .get('/', zValidator('query', SelectQuery, invalidRequest), async (c) => {
      const { select } = c.req.valid('query')
      const keys = select === undefined ? undefined : selectAssets(deps.definitions, select)
      const all = await assetSummaries(deps)
      const body: AssetsResponse = {
        assets: keys === undefined ? all : all.filter((a) => keys.has(a.key as AssetKey)),
      }
      return c.json(body)
    })
    .get('/:key', async (c) => {
      const node = assetFromParam(deps.definitions, c.req.param('key'))
      return c.json(await assetDetail(deps, node.key))
    })
    .get('/:key/materializations', zValidator('query', LimitQuery, invalidRequest), async (c) => {
      const node = assetFromParam(deps.definitions, c.req.param('key'))
      const history = await deps.instance.store.materializationHistory(
        node.key,
        c.req.valid('query').limit,
      )
      const body: MaterializationsResponse = {
        key: node.key,
        materializations: history.map((m) => ({
          at: m.at,
          runId: m.runId,
          rowCount: m.rowCount,
          durationMs: m.durationMs,
          dataVersion: m.dataVersion,
          codeVersion: m.codeVersion,
          storageVersion: m.storageVersion,
        })),
      }
      return c.json(body)
    })
    .post(
      '/:key/materialize',
      zValidator('json', MaterializeAssetBody.optional(), invalidRequest),
      async (c) => {
        const node = assetFromParam(deps.definitions, c.req.param('key'))
        const downstream = c.req.valid('json')?.downstream === true
        // A source has nothing to build itself; `key:src+` builds what reads it.
        const select = `key:${node.key}${downstream || node.type === 'source' ? '+' : ''}`
        return c.json(await deps.runManager.launch({ select }), 202)
      },
    )
