import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type Daemon, startDaemon } from '../../framework/automation/daemon.js'
import { automationStatus, tickDetail } from '../../framework/automation/queries.js'
import { setAssetsAutomation, setAutomationEnabled } from '../../framework/automation/switches.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { currentStatus } from '../../framework/services/asset-status.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import definitions from './fixtures/numbers-project.js'

const KEYS = ['bronze/numbers', 'silver/doubled', 'gold/total']

interface Setup {
  readonly instance: Instance
  readonly daemon: Daemon
  readonly dataDir: string
}

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  cleanups = []
})

async function setUp(defs: Definitions = definitions): Promise<Setup> {
  const temp = makeTempDir('medallion-daemon-')
  const dataDir = temp.dir
  mkdirSync(join(dataDir, 'raw/numbers'), { recursive: true })
  writeFileSync(join(dataDir, 'raw/numbers/2026-03-01.csv'), 'n\n1\n2\n')
  const instance = await openInstance({ dataDir, threads: 1 })
  const daemon = startDaemon(instance, defs, { intervalMs: 50 })
  cleanups.push(async () => {
    await daemon.stop()
    await instance.close()
    temp.remove()
  })
  return { instance, daemon, dataDir }
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Resolves once every asset is fresh and no daemon run is active; returns the materialization count per asset. */
async function settled({ instance, daemon }: Setup): Promise<Record<string, number>> {
  return until('every asset fresh', async () => {
    if (daemon.state.activeRuns.length > 0) return undefined
    const { statuses } = await currentStatus(instance, definitions)
    if (KEYS.some((key) => statuses.get(key as never)?.staleness.status !== 'fresh'))
      return undefined
    return materializationCounts(instance)
  })
}

async function materializationCounts(instance: Instance): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const key of KEYS)
    counts[key] = (await instance.store.materializationHistory(key as never)).length
  return counts
}

describe('startDaemon', () => {
  it('materializes everything, then carries a new raw file to gold in one run, without any command', async () => {
    const setup = await setUp()
    expect(await settled(setup)).toEqual({
      'bronze/numbers': 1,
      'silver/doubled': 1,
      'gold/total': 1,
    })

    writeFileSync(join(setup.dataDir, 'raw/numbers/2026-03-02.csv'), 'n\n10\n')
    expect(await settled(setup)).toEqual({
      'bronze/numbers': 2,
      'silver/doubled': 2,
      'gold/total': 2,
    })

    // Both changes were one daemon run each, covering the three layers in dependency order.
    const runs = (await setup.instance.store.listRuns()).reverse()
    expect(runs.map((run) => [run.launchedBy, run.status, run.keys])).toEqual([
      ['daemon', 'success', ['raw/numbers', ...KEYS]],
      ['daemon', 'success', ['raw/numbers', ...KEYS]],
    ])
    // The observation that saw the new file is in the log, and gold was built from it.
    const observed = await setup.instance.store.latestObservations(['raw/numbers'])
    const bronze = (await setup.instance.store.latestMaterializations(['bronze/numbers'])).get(
      'bronze/numbers',
    )
    expect(bronze?.inputVersions['raw/numbers']).toBe(observed.get('raw/numbers')?.dataVersion)
  })

  it('never runs the same data twice: more ticks after a change launch nothing', async () => {
    const setup = await setUp()
    await settled(setup)
    for (let i = 0; i < 5; i++) await setup.daemon.tickNow()
    expect(await materializationCounts(setup.instance)).toEqual({
      'bronze/numbers': 1,
      'silver/doubled': 1,
      'gold/total': 1,
    })
    const ticks = await setup.instance.store.listAutomationTicks()
    expect(ticks.filter((tick) => tick.requested.length > 0)).toHaveLength(1)
    expect(ticks.length).toBeGreaterThanOrEqual(6)
  })

  it('records for every asset why it was requested, per tick', async () => {
    const setup = await setUp()
    await settled(setup)
    const [first] = (await setup.instance.store.listAutomationTicks()).filter(
      (tick) => tick.runId !== null,
    )
    const detail = await tickDetail(setup.instance, first?.id ?? -1)
    expect(detail?.tick.requested).toEqual(KEYS)
    const gold = detail?.evaluations.find((evaluation) => evaluation.key === 'gold/total')
    expect(gold).toMatchObject({
      outcome: 'requested',
      changed: true,
      condition: { label: 'eager', value: true },
    })
    const status = await automationStatus(setup.instance, definitions)
    expect(
      status.assets.map((asset) => [asset.key, asset.policy, asset.lastEvaluation?.outcome]),
    ).toEqual([
      ['bronze/numbers', 'any of (on cron @daily, new source files)', 'false'],
      ['silver/doubled', 'eager', 'false'],
      ['gold/total', 'eager', 'false'],
    ])
  })

  it('switched off globally or per asset, it requests nothing there; switched on, it catches up', async () => {
    const setup = await setUp()
    await settled(setup)
    await setAssetsAutomation(setup.instance.store, ['gold/total'], false)
    writeFileSync(join(setup.dataDir, 'raw/numbers/2026-03-02.csv'), 'n\n10\n')
    await until('silver rebuilt', async () => {
      const counts = await materializationCounts(setup.instance)
      return counts['silver/doubled'] === 2 && setup.daemon.state.activeRuns.length === 0
        ? counts
        : undefined
    })
    await setup.daemon.tickNow()
    expect((await materializationCounts(setup.instance))['gold/total']).toBe(1)
    const status = await automationStatus(setup.instance, definitions)
    expect(status.assets.find((asset) => asset.key === 'gold/total')).toMatchObject({
      enabled: false,
      lastEvaluation: { outcome: 'disabled' },
    })

    await setAutomationEnabled(setup.instance.store, false)
    await setAssetsAutomation(setup.instance.store, ['gold/total'], true)
    const ticksBefore = (await setup.instance.store.listAutomationTicks()).length
    await setup.daemon.tickNow()
    expect(setup.daemon.state.enabled).toBe(false)
    expect(await setup.instance.store.listAutomationTicks()).toHaveLength(ticksBefore)

    await setAutomationEnabled(setup.instance.store, true)
    expect(await settled(setup)).toEqual({
      'bronze/numbers': 2,
      'silver/doubled': 2,
      'gold/total': 2,
    })
  })

  it('records a failed tick and goes on', async () => {
    const setup = await setUp()
    await settled(setup)
    // A cursor that is not JSON makes the next tick fail while reading its state.
    await setup.instance.store.setAutomationCursors(new Map([['gold/total', '{not json']]))
    await setup.daemon.tickNow()
    const [failed] = await setup.instance.store.listAutomationTicks({ limit: 1 })
    expect(failed).toMatchObject({ status: 'failure', error: { code: 'INTERNAL' } })
    await setup.instance.store.setAutomationCursors(
      new Map([['gold/total', JSON.stringify({ since: new Date().toISOString(), handled: {} })]]),
    )
    await setup.daemon.tickNow()
    expect((await setup.instance.store.listAutomationTicks({ limit: 1 }))[0]?.status).toBe(
      'success',
    )
    expect(setup.daemon.state.running).toBe(true)
  })
})
