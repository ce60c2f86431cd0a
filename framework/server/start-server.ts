import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from '../api/app.js'
import type { ApiDeps } from '../api/deps.js'
import type { Definitions } from '../definitions/definitions.js'
import type { Instance } from '../instance/instance.js'
import { assertSafeBinding } from './bind-address.js'
import { RunManager } from './run-manager.js'
import { DEFAULT_UI_DIR, mountUi } from './static-ui.js'

export interface StartServerOptions {
  readonly definitions: Definitions
  readonly instance: Instance
  /** Default 3000; 0 picks a free port. */
  readonly port?: number
  /** Default 127.0.0.1; any other address requires `token`. */
  readonly host?: string
  readonly token?: string
  /** The built UI; default ui/dist of this package. */
  readonly uiDir?: string
  /** The automation daemon of this process, for GET /api/automation (it starts after the server). */
  readonly daemon?: ApiDeps['daemon']
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:3000 */
  readonly url: string
  readonly port: number
  readonly runManager: RunManager
  /** Whether the built UI is served (else / explains how to build it). */
  readonly ui: boolean
  /** Cancels the server's runs, waits for them, and stops listening. */
  close(): Promise<void>
}

/** The API plus the static UI on a Node HTTP server; what `medallion dev` runs. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const token = options.token === '' ? undefined : options.token
  assertSafeBinding(host, token)
  const runManager = new RunManager(options.instance, options.definitions)
  const app = createApp({
    definitions: options.definitions,
    instance: options.instance,
    runManager,
    ...(token === undefined ? {} : { token }),
    ...(options.daemon === undefined ? {} : { daemon: options.daemon }),
  })
  const ui = mountUi(app, options.uiDir ?? DEFAULT_UI_DIR)
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 3000, hostname: host }, () =>
      resolve(s),
    )
    s.once('error', reject)
  })
  const port = (server.address() as AddressInfo).port
  const shownHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
  return {
    url: `http://${shownHost}:${port}`,
    port,
    runManager,
    ui,
    async close() {
      await runManager.shutdown()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Open SSE streams would keep close() waiting for ever.
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    },
  }
}
