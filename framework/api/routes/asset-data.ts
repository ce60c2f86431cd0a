import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import type { AssetNode } from '../../definitions/definitions.js'
import type { AnyAsset } from '../../definitions/types.js'
import { FrameworkError } from '../../errors.js'
import { assetFromParam } from '../asset-param.js'
import { assetColumns, isScd2 } from '../catalog/asset-detail.js'
import { previewRows, rowsValidOn, tableVersions } from '../catalog/table-read.js'
import type { ApiDeps } from '../deps.js'
import {
  AsOfQuery,
  type AsOfResponse,
  PreviewQuery,
  type PreviewResponse,
  type VersionsResponse,
} from '../schemas.js'
import { invalidRequest } from '../validate.js'

/** The rows of an asset's table: preview (with Delta time travel), versions, SCD2 as-of. */
export const assetDataRoutes = (deps: ApiDeps) =>
  new Hono()
    .get('/:key/preview', zValidator('query', PreviewQuery, invalidRequest), async (c) => {
      const asset = tableAsset(assetFromParam(deps.definitions, c.req.param('key')))
      const { limit, version, timestamp } = c.req.valid('query')
      const at =
        version !== undefined
          ? ({ kind: 'version', version } as const)
          : timestamp !== undefined
            ? ({ kind: 'timestamp', at: new Date(timestamp) } as const)
            : ({ kind: 'latest' } as const)
      const table = await previewRows(deps.instance, asset, limit, at)
      const body: PreviewResponse = { key: asset.key, ...table, limit }
      return c.json(body)
    })
    .get('/:key/versions', async (c) => {
      const asset = tableAsset(assetFromParam(deps.definitions, c.req.param('key')))
      const body: VersionsResponse = {
        key: asset.key,
        versions: await tableVersions(deps.instance, asset),
      }
      return c.json(body)
    })
    .get('/:key/as-of', zValidator('query', AsOfQuery, invalidRequest), async (c) => {
      const asset = tableAsset(assetFromParam(deps.definitions, c.req.param('key')))
      const latest = (await deps.instance.store.latestMaterializations([asset.key])).get(asset.key)
      if (!isScd2(asset, assetColumns(asset, latest).columns)) {
        throw new FrameworkError(
          'USAGE',
          `as-of "${asset.key}": the asset is not an SCD Type 2 table. As-of reads need effective_from, effective_to and is_current columns.`,
          {
            hint: 'Use /preview for other tables, or tag the asset scd=2 if it keeps validity ranges.',
          },
        )
      }
      const { date, limit } = c.req.valid('query')
      const table = await rowsValidOn(deps.instance, asset, date, limit)
      const body: AsOfResponse = { key: asset.key, date, columns: table.columns, rows: table.rows }
      return c.json(body)
    })

function tableAsset(node: AssetNode): AnyAsset {
  if (node.type === 'asset') return node
  throw new FrameworkError(
    'USAGE',
    `read "${node.key}": it is a source (files under data/${node.path}), not a table.`,
    { hint: 'Preview one of the assets built from it instead.' },
  )
}
