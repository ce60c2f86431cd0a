import { FrameworkError } from '../../errors.js'
import { openInstance } from '../../instance/open-instance.js'
import { assertSafeBinding } from '../../server/bind-address.js'
import { type RunningServer, startServer } from '../../server/start-server.js'
import { loadDefinitions } from '../load-definitions.js'
import { createOutput } from '../output.js'
import type { GlobalOptions } from '../workspace.js'

export interface DevOptions {
  readonly dataDir: string
  /** Module exporting the definitions. */
  readonly definitions: string
  readonly port: number
  readonly host: string
  readonly token?: string
  readonly uiDir?: string
}

export interface DevServer {
  readonly url: string
  readonly server: RunningServer
  /** Stops the server, then closes the instance. */
  close(): Promise<void>
}

/** Loads the definitions, opens the instance and starts the server: `medallion dev` without the wait. */
export async function startDev(options: DevOptions): Promise<DevServer> {
  // Checked before anything is loaded, so a refused binding fails fast and opens nothing.
  assertSafeBinding(options.host, options.token)
  const definitions = await loadDefinitions(options.definitions)
  const instance = await openInstance({ dataDir: options.dataDir })
  try {
    const server = await startServer({
      definitions,
      instance,
      port: options.port,
      host: options.host,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.uiDir === undefined ? {} : { uiDir: options.uiDir }),
    })
    // The automation daemon (sensors, auto-materialize policies) starts here once it exists,
    // sharing `instance` and `definitions`, and is stopped in close() before the server.
    return {
      url: server.url,
      server,
      async close() {
        try {
          await server.close()
        } finally {
          await instance.close()
        }
      },
    }
  } catch (error) {
    await instance.close()
    throw error
  }
}

/** `medallion dev [--port 3000] [--host 127.0.0.1] [--token T]`: runs until Ctrl-C. */
export async function devCommand(
  globals: GlobalOptions,
  flags: { port: string; host: string; token?: string },
): Promise<number> {
  const port = Number(flags.port)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new FrameworkError(
      'USAGE',
      `dev: --port must be an integer from 0 to 65535, got "${flags.port}".`,
      {
        hint: 'e.g. --port 3000 (0 picks a free port).',
      },
    )
  }
  const token = flags.token === undefined || flags.token === '' ? undefined : flags.token
  const dev = await startDev({
    dataDir: globals.dataDir,
    definitions: globals.definitions,
    port,
    host: flags.host,
    ...(token === undefined ? {} : { token }),
  })
  const out = createOutput(globals.json)
  out.data({ url: dev.url, ui: dev.server.ui, auth: token !== undefined })
  out.line(`Medallion is running at ${dev.url}`)
  if (!dev.server.ui)
    out.line('The UI is not built: run `npm run build:ui` (the API works without it).')
  if (token !== undefined) out.line('Every /api request needs `Authorization: Bearer <token>`.')
  out.line('Press Ctrl-C to stop.')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  out.line('Stopping: canceling runs started here…')
  await dev.close()
  return 0
}
