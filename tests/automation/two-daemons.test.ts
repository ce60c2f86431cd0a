import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import type { InstanceStore } from '../../framework/instance/instance-store.js'
import {
  openSqliteInstanceStore,
  sqliteInstanceStorePath,
} from '../../framework/instance/sqlite-instance-store.js'
import { makeTempDir } from '../helpers/temp-dir.js'

const BIN = join(import.meta.dirname, '../../bin/medallion.js')
const PROJECT = join(import.meta.dirname, 'fixtures/numbers-project.ts')
const KEYS: AssetKey[] = ['bronze/numbers', 'silver/doubled', 'gold/total']

const children: ChildProcess[] = []
const cleanups: (() => void)[] = []
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))
    }
  }
  for (const cleanup of cleanups.splice(0)) cleanup()
})

function startDaemonProcess(dataDir: string): ChildProcess {
  const child = spawn(
    process.execPath,
    [BIN, 'daemon', '--interval', '100ms', '--data-dir', dataDir, '--definitions', PROJECT],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.push(child)
  return child
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Steps started per asset over the whole event log: what "ran twice" would show. */
async function stepsStarted(store: InstanceStore): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  for (const run of await store.listRuns()) {
    for (const { event } of await store.runEvents(run.runId)) {
      if (event.type === 'step_started') counts[event.key] = (counts[event.key] ?? 0) + 1
    }
  }
  return counts
}

/** Every asset materialized `times` times and no run still going. */
async function materializedTimes(store: InstanceStore, times: number) {
  return until(`${times} materializations of each asset`, async () => {
    const running = await store.listRuns({ status: 'running' })
    if (running.length > 0) return undefined
    for (const key of KEYS) {
      if ((await store.materializationHistory(key)).length < times) return undefined
    }
    return true
  })
}

it('two daemon processes on one instance run each asset once per change', async () => {
  const temp = makeTempDir('medallion-two-daemons-')
  cleanups.push(temp.remove)
  mkdirSync(join(temp.dir, 'raw/numbers'), { recursive: true })
  writeFileSync(join(temp.dir, 'raw/numbers/2026-03-01.csv'), 'n\n1\n2\n')
  const first = startDaemonProcess(temp.dir)
  const second = startDaemonProcess(temp.dir)
  const store = openSqliteInstanceStore(sqliteInstanceStorePath(temp.dir))
  cleanups.unshift(() => void store.close())

  await materializedTimes(store, 1)
  writeFileSync(join(temp.dir, 'raw/numbers/2026-03-02.csv'), 'n\n10\n')
  await materializedTimes(store, 2)
  // Give the other daemon every chance to repeat the work, were the lease not there.
  await new Promise((resolve) => setTimeout(resolve, 1000))
  expect(await stepsStarted(store)).toEqual({
    'bronze/numbers': 2,
    'silver/doubled': 2,
    'gold/total': 2,
  })
  const ticks = await store.listAutomationTicks()
  expect(new Set(ticks.map((tick) => tick.daemonId)).size).toBe(1)

  // The leader dies: the other daemon takes the lease over and handles the next change.
  const leaderPid = Number(ticks[0]?.daemonId.split(':')[1])
  const leader = [first, second].find((child) => child.pid === leaderPid)
  expect(leader).toBeDefined()
  leader?.kill('SIGKILL')
  await new Promise((resolve) => leader?.once('exit', resolve))
  writeFileSync(join(temp.dir, 'raw/numbers/2026-03-03.csv'), 'n\n100\n')
  await materializedTimes(store, 3)
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(await stepsStarted(store)).toEqual({
    'bronze/numbers': 3,
    'silver/doubled': 3,
    'gold/total': 3,
  })
  const [latest] = await store.listAutomationTicks({ limit: 1 })
  expect(Number(latest?.daemonId.split(':')[1])).not.toBe(leaderPid)
}, 120_000)
