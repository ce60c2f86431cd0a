import { type Daemon, type DaemonOptions, startDaemon } from '../../automation/daemon.js'
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
  /** Run the automation daemon beside the server (default true). */
  readonly daemon?: boolean
  /** Time between daemon ticks (default 2000 ms). */
  readonly daemonIntervalMs?: number
  /** Told about the daemon's ticks and runs (the command prints them). */
  readonly onDaemonTick?: DaemonOptions['onTick']
  readonly onDaemonRunFinished?: DaemonOptions['onRunFinished']
}

export interface DevServer {
  readonly url: string
  readonly server: RunningServer
  /** Undefined with `daemon: false`. */
  readonly daemon: Daemon | undefined
  /** Stops the daemon (canceling its runs), then the server, then closes the instance. */
  close(): Promise<void>
}

/**
 * Loads the definitions, opens the instance, starts the server and then the automation daemon:
 * `medallion dev` without the wait.
 */
export async function startDev(options: DevOptions): Promise<DevServer> {
  // Checked before anything is loaded, so a refused binding fails fast and opens nothing.
  assertSafeBinding(options.host, options.token)
  const definitions = await loadDefinitions(options.definitions)
  const instance = await openInstance({ dataDir: options.dataDir })
  let daemon: Daemon | undefined
  try {
    const server = await startServer({
      definitions,
      instance,
      port: options.port,
      host: options.host,
      ...(options.token === undefined ? {} : { token: options.token }),
      ...(options.uiDir === undefined ? {} : { uiDir: options.uiDir }),
      daemon: () => daemon,
    })
    // Started once the server listens, so a port in use fails before anything is materialized.
    if (options.daemon !== false) {
      daemon = startDaemon(instance, definitions, {
        ...(options.daemonIntervalMs === undefined ? {} : { intervalMs: options.daemonIntervalMs }),
        ...(options.onDaemonTick === undefined ? {} : { onTick: options.onDaemonTick }),
        ...(options.onDaemonRunFinished === undefined
          ? {}
          : { onRunFinished: options.onDaemonRunFinished }),
      })
    }
    return {
      url: server.url,
      server,
      daemon,
      async close() {
        try {
          await daemon?.stop()
        } finally {
          try {
            await server.close()
          } finally {
            await instance.close()
          }
        }
      },
    }
  } catch (error) {
    await instance.close()
    throw error
  }
}

/** `medallion dev [--port 3000] [--host 127.0.0.1] [--token T] [--no-daemon]`: runs until Ctrl-C. */
export async function devCommand(
  globals: GlobalOptions,
  flags: { port: string; host: string; token?: string; daemon?: boolean },
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
  const out = createOutput(globals.json)
  const dev = await startDev({
    dataDir: globals.dataDir,
    definitions: globals.definitions,
    port,
    host: flags.host,
    ...(token === undefined ? {} : { token }),
    daemon: flags.daemon !== false,
    // Only what changes something: a 2 s heartbeat of idle ticks would drown the server's output.
    onDaemonTick: (tick) => {
      if (tick.error !== null) out.line(`automation: tick ${tick.id} failed: ${tick.error.message}`)
      else if (tick.runId !== null)
        out.line(
          `automation: tick ${tick.id} requested ${tick.requested.join(', ')} → run ${tick.runId}`,
        )
    },
    onDaemonRunFinished: (result) =>
      out.line(
        `automation: run ${result.runId} ${result.status} (${Math.round(result.durationMs)} ms)`,
      ),
  })
  out.data({
    url: dev.url,
    ui: dev.server.ui,
    auth: token !== undefined,
    daemon: dev.daemon?.state.daemonId ?? null,
  })
  out.line(`Medallion is running at ${dev.url}`)
  out.line(
    dev.daemon === undefined
      ? 'The automation daemon is off (--no-daemon): assets are materialized only on request.'
      : `The automation daemon ticks every ${dev.daemon.state.intervalMs} ms (see /automation).`,
  )
  if (!dev.server.ui)
    out.line('The UI is not built: run `npm run build:ui` (the API works without it).')
  if (token !== undefined) out.line('Every /api request needs `Authorization: Bearer <token>`.')
  out.line('Press Ctrl-C to stop.')
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  out.line('Stopping the daemon, then canceling runs started here…')
  await dev.close()
  return 0
}
