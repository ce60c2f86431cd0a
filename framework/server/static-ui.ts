import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'

/** The built UI (`npm run build` in ui/), relative to this file so any working directory works. */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../../ui/dist', import.meta.url))

/**
 * Serves the built UI next to the API: files from `uiDir`, and index.html for any other non-API
 * GET so the client-side router can take deep links. Without a build, / explains how to make one.
 * Returns whether a build was found.
 */
export function mountUi(app: Hono, uiDir: string): boolean {
  const indexFile = join(uiDir, 'index.html')
  const built = existsSync(indexFile)
  const isApi = (path: string) => path === '/api' || path.startsWith('/api/')
  if (built) {
    const files = serveStatic({ root: uiDir })
    app.use('*', async (c, next) => (isApi(c.req.path) ? next() : files(c, next)))
  }
  app.get('*', async (c, next) => {
    if (isApi(c.req.path)) return next()
    if (built) return c.html(readFileSync(indexFile, 'utf8'))
    return c.html(NO_BUILD_PAGE, 200)
  })
  return built
}

const NO_BUILD_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Medallion</title></head>
<body style="font-family: system-ui; max-width: 40rem; margin: 4rem auto">
<h1>Medallion</h1>
<p>The API is running at <a href="/api/health">/api</a>, but the UI has not been built.</p>
<p>Build it with <code>npm run build:ui</code>, then reload this page.</p>
</body></html>`
