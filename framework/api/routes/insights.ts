import { Hono } from 'hono'
import { insights } from '../catalog/insights.js'
import type { ApiDeps } from '../deps.js'
import type { HealthResponse } from '../schemas.js'

/** GET /api/insights: the PLG gold tables, shaped for the insights page. */
export const insightsRoutes = (deps: ApiDeps) =>
  new Hono().get('/', async (c) => c.json(await insights(deps)))

/** GET /api/health: cheap, touches no storage. */
export const healthRoutes = (deps: ApiDeps) =>
  new Hono().get('/', (c) => {
    const body: HealthResponse = {
      status: 'ok',
      assets: deps.definitions.assets.size,
      sources: deps.definitions.sources.size,
      activeRuns: deps.runManager.activeRunIds().length,
      auth: deps.token !== undefined,
    }
    return c.json(body)
  })
