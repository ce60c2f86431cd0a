import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import type { AutomationResponse, TicksResponse } from '../../framework/api/schemas.js'
import { type DevServer, startDev } from '../../framework/cli/commands/dev.js'
import { apiPaths } from '../../ui/src/api/paths.js'
import { makeTempDir } from '../helpers/temp-dir.js'

const DEFINITIONS = fileURLToPath(
  new URL('../automation/fixtures/numbers-project.ts', import.meta.url),
)

const temp = makeTempDir('medallion-dev-automation-')
let dev: DevServer | undefined
afterEach(async () => {
  await dev?.close()
  dev = undefined
})

async function start(name: string, daemon?: boolean): Promise<DevServer> {
  const dataDir = join(temp.dir, name)
  mkdirSync(join(dataDir, 'raw/numbers'), { recursive: true })
  writeFileSync(join(dataDir, 'raw/numbers/2026-03-01.csv'), 'n\n1\n')
  dev = await startDev({
    dataDir,
    definitions: DEFINITIONS,
    port: 0,
    host: '127.0.0.1',
    uiDir: join(temp.dir, 'no-ui'),
    daemonIntervalMs: 50,
    ...(daemon === undefined ? {} : { daemon }),
  })
  return dev
}

const get = async <T>(server: DevServer, path: string): Promise<T> =>
  (await fetch(`${server.url}${path}`)).json() as Promise<T>

describe('medallion dev and its daemon', () => {
  it('runs the daemon beside the server, reports it on /api/automation, and stops it on close', async () => {
    const server = await start('with-daemon')
    expect(server.daemon?.state.running).toBe(true)
    await server.daemon?.tickNow()
    // The UI's own paths reach the routes.
    const status = await get<AutomationResponse>(server, apiPaths.automation())
    expect(status.daemon).toMatchObject({ running: true, leader: true, intervalMs: 50 })
    expect(status.lastTick?.daemonId).toBe(server.daemon?.state.daemonId)
    const { ticks } = await get<TicksResponse>(server, apiPaths.automationTicks(100))
    const first = ticks.find((tick) => tick.runId !== null)
    expect(first?.requested).toEqual(['bronze/numbers', 'silver/doubled', 'gold/total'])
    const tick = await fetch(`${server.url}${apiPaths.automationTick(first?.id ?? 0)}`)
    expect(tick.status).toBe(200)
    const asset = await fetch(`${server.url}${apiPaths.assetAutomation('gold/total', 5)}`)
    expect(asset.status).toBe(200)
    expect((await fetch(`${server.url}${apiPaths.automationTicks(5, 2)}`)).status).toBe(200)

    const daemon = server.daemon
    await server.close()
    dev = undefined
    expect(daemon?.state.running).toBe(false)
    expect(daemon?.state.activeRuns).toEqual([])
  })

  it('runs none with daemon: false (--no-daemon): nothing is materialized', async () => {
    const server = await start('without-daemon', false)
    expect(server.daemon).toBeUndefined()
    const status = await get<AutomationResponse>(server, '/api/automation')
    expect(status.daemon).toBeNull()
    expect(status.lastTick).toBeNull()
  })
})
