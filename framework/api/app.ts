import { Hono } from 'hono'
import { requireToken } from './auth.js'
import type { ApiDeps } from './deps.js'
import { onApiError } from './errors.js'
import { assetAutomationRoutes } from './routes/asset-automation.js'
import { assetCheckRoutes } from './routes/asset-checks.js'
import { assetDataRoutes } from './routes/asset-data.js'
import { assetRoutes } from './routes/assets.js'
import { automationRoutes } from './routes/automation.js'
import { healthRoutes, insightsRoutes } from './routes/insights.js'
import { lineageRoutes } from './routes/lineage.js'
import { runRoutes } from './routes/runs.js'

/**
 * The HTTP API: one route file per resource, mounted under /api. Tests call
 * `createApp(deps).request(path)` with no port; `startServer` adds the static UI around it.
 */
export function createApp(deps: ApiDeps) {
  const app = new Hono()
  app.onError(onApiError)
  app.notFound((c) =>
    c.json(
      {
        error: {
          code: 'NOT_FOUND',
          message: `${c.req.method} ${c.req.path}: no such route.`,
          hint: 'The API lives under /api (GET /api/health, /api/assets, /api/lineage, /api/runs, /api/insights, /api/automation).',
        },
      },
      404,
    ),
  )
  if (deps.token !== undefined) app.use('/api/*', requireToken(deps.token))
  return app
    .route('/api/health', healthRoutes(deps))
    .route('/api/assets', assetRoutes(deps))
    .route('/api/assets', assetCheckRoutes(deps))
    .route('/api/assets', assetDataRoutes(deps))
    .route('/api/assets', assetAutomationRoutes(deps))
    .route('/api/lineage', lineageRoutes(deps))
    .route('/api/runs', runRoutes(deps))
    .route('/api/insights', insightsRoutes(deps))
    .route('/api/automation', automationRoutes(deps))
}

/** The API's type, for the UI's typed client: `hc<AppType>('/')` (import it with `import type`). */
export type AppType = ReturnType<typeof createApp>
