import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../framework/api/app.js'
import type {
  AssetAutomationResponse,
  AssetsResponse,
  AutomationResponse,
  AutomationSwitchResponse,
  TickDetailResponse,
  TicksResponse,
} from '../../framework/api/schemas.js'
import { type Daemon, startDaemon } from '../../framework/automation/daemon.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { RunManager } from '../../framework/server/run-manager.js'
import definitions from '../automation/fixtures/numbers-project.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { getJson, postJson, type TestApp } from './harness.js'

// One instance and daemon for the file, the way `medallion dev` runs them: the scenarios follow
// each other (everything built, one asset switched off, the whole instance switched off).
const temp = makeTempDir('medallion-api-automation-')
let instance: Instance
let daemon: Daemon
let app: TestApp
let runManager: RunManager

const writeRaw = (name: string, text: string) =>
  writeFileSync(join(temp.dir, 'raw/numbers', name), text)

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 20_000
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The daemon's runs are over and every automated asset was built `times` times. */
const builtTimes = (times: Record<string, number>) =>
  until(`materializations ${JSON.stringify(times)}`, async () => {
    if (daemon.state.activeRuns.length > 0) return undefined
    for (const [key, count] of Object.entries(times)) {
      const history = await instance.store.materializationHistory(key as never)
      if (history.length !== count) return undefined
    }
    return true
  })

beforeAll(async () => {
  mkdirSync(join(temp.dir, 'raw/numbers'), { recursive: true })
  writeRaw('2026-03-01.csv', 'n\n1\n2\n')
  instance = await openInstance({ dataDir: temp.dir, threads: 1 })
  runManager = new RunManager(instance, definitions)
  daemon = startDaemon(instance, definitions, { intervalMs: 50 })
  app = createApp({ definitions, instance, runManager, daemon: () => daemon })
  await builtTimes({ 'bronze/numbers': 1, 'silver/doubled': 1, 'gold/total': 1 })
})

afterAll(async () => {
  await daemon?.stop()
  await runManager?.shutdown()
  await instance?.close()
  temp.remove()
})

describe('GET /api/automation', () => {
  it('shows the daemon, the switch, and each policy with its last evaluation', async () => {
    await daemon.tickNow()
    const body = await getJson<AutomationResponse>(app, '/api/automation')
    expect(body.enabled).toBe(true)
    expect(body.daemon).toMatchObject({ running: true, leader: true, intervalMs: 50 })
    expect(body.daemon?.ticks).toBeGreaterThan(0)
    expect(body.lastTick).toMatchObject({ status: 'success', daemonId: body.daemon?.daemonId })
    expect(body.assets.map((a) => [a.key, a.policy, a.enabled, a.lastEvaluation?.outcome])).toEqual(
      [
        ['bronze/numbers', 'any of (on cron @daily, new source files)', true, 'false'],
        ['silver/doubled', 'eager', true, 'false'],
        ['gold/total', 'eager', true, 'false'],
      ],
    )
    const silver = body.assets[1]?.lastEvaluation
    expect(silver?.outcomeText).toBe('not requested: its condition is false')
    expect(silver?.summary).toContain('new upstream data')
    expect(silver?.condition).toMatchObject({ label: 'eager', value: false })
  })

  it('answers daemon: null when the server runs none', async () => {
    const bare = createApp({ definitions, instance, runManager })
    const body = await getJson<AutomationResponse>(bare, '/api/automation')
    expect(body.daemon).toBeNull()
    expect(body.assets).toHaveLength(3)
  })
})

describe('GET /api/automation/ticks', () => {
  it('lists ticks newest first and pages back with ?before=', async () => {
    const { ticks } = await getJson<TicksResponse>(app, '/api/automation/ticks?limit=3')
    expect(ticks).toHaveLength(3)
    const ids = ticks.map((tick) => tick.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    const older = await getJson<TicksResponse>(
      app,
      `/api/automation/ticks?limit=2&before=${ids[2]}`,
    )
    expect(older.ticks.every((tick) => tick.id < (ids[2] ?? 0))).toBe(true)
  })

  it('explains a tick: what it requested and, for every asset, the condition tree', async () => {
    const { ticks } = await getJson<TicksResponse>(app, '/api/automation/ticks?limit=1000')
    const first = ticks.find((tick) => tick.runId !== null)
    expect(first?.requested).toEqual(['bronze/numbers', 'silver/doubled', 'gold/total'])
    const detail = await getJson<TickDetailResponse>(app, `/api/automation/ticks/${first?.id}`)
    expect(detail.tick.runId).toBe(first?.runId)
    expect(detail.evaluations.map((e) => e.key)).toEqual([
      'bronze/numbers',
      'silver/doubled',
      'gold/total',
    ])
    const gold = detail.evaluations.find((e) => e.key === 'gold/total')
    expect(gold).toMatchObject({ outcome: 'requested', changed: true, outcomeText: 'requested' })
    expect(gold?.condition.children?.[0]).toMatchObject({ label: 'any of', value: true })
  })

  it('answers 404 for a tick not kept and 400 for an id that is not one', async () => {
    const missing = await getJson<{ error: { code: string } }>(
      app,
      '/api/automation/ticks/999999',
      404,
    )
    expect(missing.error.code).toBe('NOT_FOUND')
    const bad = await getJson<{ error: { code: string } }>(app, '/api/automation/ticks/abc', 400)
    expect(bad.error.code).toBe('BAD_REQUEST')
  })
})

describe('per-asset automation', () => {
  it('GET /api/assets/:key/automation: policy, switch and recorded evaluations', async () => {
    const body = await getJson<AssetAutomationResponse>(
      app,
      `/api/assets/${encodeURIComponent('silver/doubled')}/automation`,
    )
    expect(body).toMatchObject({ key: 'silver/doubled', policy: 'eager', enabled: true })
    expect(body.evaluations.map((e) => e.outcome).slice(-1)).toEqual(['requested'])
    const source = await getJson<AssetAutomationResponse>(
      app,
      '/api/assets/raw%2Fnumbers/automation',
    )
    expect(source).toMatchObject({ policy: null, evaluations: [] })
  })

  it('switched off, an asset is evaluated but not requested; switched on, it catches up', async () => {
    const gold = `/api/assets/${encodeURIComponent('gold/total')}/automation`
    const off = await postJson<AutomationSwitchResponse>(app, gold, { enabled: false }, 200)
    expect(off).toEqual({ enabled: true, disabledAssets: ['gold/total'] })
    const { assets } = await getJson<AssetsResponse>(app, '/api/assets')
    expect(assets.map((a) => [a.key, a.automation])).toEqual([
      ['raw/numbers', null],
      ['bronze/numbers', 'on'],
      ['silver/doubled', 'on'],
      ['gold/total', 'off'],
    ])

    writeRaw('2026-03-02.csv', 'n\n10\n')
    await builtTimes({ 'bronze/numbers': 2, 'silver/doubled': 2, 'gold/total': 1 })
    await daemon.tickNow()
    const detail = await getJson<AssetAutomationResponse>(app, gold)
    expect(detail.enabled).toBe(false)
    expect(detail.evaluations[0]).toMatchObject({
      outcome: 'disabled',
      outcomeText: 'not requested: its condition is true, but automation is off for it',
    })

    await postJson(app, gold, { enabled: true }, 200)
    await builtTimes({ 'bronze/numbers': 2, 'silver/doubled': 2, 'gold/total': 2 })
  })

  it('refuses to switch a source (no policy), and a body without `enabled`', async () => {
    const source = await postJson<{ error: { code: string } }>(
      app,
      '/api/assets/raw%2Fnumbers/automation',
      { enabled: false },
      400,
    )
    expect(source.error.code).toBe('USAGE')
    const bad = await postJson<{ error: { code: string; message: string } }>(
      app,
      '/api/assets/gold%2Ftotal/automation',
      { enabled: 'no' },
      400,
    )
    expect(bad.error).toMatchObject({ code: 'BAD_REQUEST' })
    expect(bad.error.message).toContain('"enabled"')
  })
})

describe('POST /api/automation', () => {
  it('switches the whole instance off (no more ticks) and on again', async () => {
    const off = await postJson<AutomationSwitchResponse>(
      app,
      '/api/automation',
      { enabled: false },
      200,
    )
    expect(off).toEqual({ enabled: false, disabledAssets: [] })
    await daemon.tickNow()
    const before = (await getJson<AutomationResponse>(app, '/api/automation')).lastTick?.id
    await daemon.tickNow()
    const status = await getJson<AutomationResponse>(app, '/api/automation')
    expect(status.enabled).toBe(false)
    expect(status.lastTick?.id).toBe(before)
    const { assets } = await getJson<AssetsResponse>(app, '/api/assets')
    expect(assets.filter((a) => a.automation === 'on')).toEqual([])

    await postJson(app, '/api/automation', { enabled: true }, 200)
    await daemon.tickNow()
    const on = await getJson<AutomationResponse>(app, '/api/automation')
    expect(on.enabled).toBe(true)
    expect(on.lastTick?.id).toBeGreaterThan(before ?? 0)
  })
})
