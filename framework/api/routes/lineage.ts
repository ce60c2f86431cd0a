import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { selectAssets } from '../../selection/select-assets.js'
import { assetSummaries } from '../catalog/asset-summaries.js'
import type { ApiDeps } from '../deps.js'
import { type LineageResponse, SelectQuery } from '../schemas.js'
import { invalidRequest } from '../validate.js'

/** GET /api/lineage[?select=expr]: the whole graph with status, and the selected keys. */
export const lineageRoutes = (deps: ApiDeps) =>
  new Hono().get('/', zValidator('query', SelectQuery, invalidRequest), async (c) => {
    const { select } = c.req.valid('query')
    // Resolved before the status read, so a bad expression answers 400 at once.
    const selected = select === undefined ? null : selectAssets(deps.definitions, select)
    const nodes = await assetSummaries(deps)
    const body: LineageResponse = {
      nodes,
      edges: deps.definitions.graph.mapEdges((_edge, _attributes, from, to) => ({ from, to })),
      selected:
        selected === null ? null : deps.definitions.order.filter((key) => selected.has(key)),
    }
    return c.json(body)
  })
