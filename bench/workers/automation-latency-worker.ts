// Source change → gold rebuilt by the automation daemon, over a small generated PLG dataset: the
// wall time from writing a new raw events file to gold/feature_conversion_lift's new
// materialization, and how much of it the assets' own work (steps and checks) took.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { generateData } from '../../assets/generator/generate-data.js'
import definitions from '../../assets/index.js'
import { startDaemon } from '../../framework/automation/daemon.js'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

interface Input {
  readonly users: number
  readonly days: number
  readonly changes: number
  readonly intervalMs: number
  readonly dataDir: string
}

const GOLD = 'gold/feature_conversion_lift' as AssetKey
const POLL_MS = 20

const input = workerInput<Input>()
await generateData({ users: input.users, days: input.days, out: path.join(input.dataDir, 'raw') })
const eventsDir = path.join(input.dataDir, 'raw', 'feature_usage_events')
const instance = await openInstance({ dataDir: input.dataDir })
// One asset at a time, so the sum of the steps' durations is the time the assets' work took.
let failedRun: string | undefined
// When the last tick ended, and when the first tick that requested something did (detection).
let lastTickAt = 0
let detectedAt: number | undefined
const daemon = startDaemon(instance, definitions, {
  intervalMs: input.intervalMs,
  concurrency: 1,
  onTick: (tick) => {
    lastTickAt = performance.now()
    if (tick.requested.length > 0) detectedAt ??= lastTickAt
  },
  onRunFinished: (result) => {
    if (result.status !== 'success') failedRun = `${result.runId} (${result.status})`
  },
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function goldRunId(): Promise<string | undefined> {
  return (await instance.store.latestMaterializations([GOLD])).get(GOLD)?.runId
}

/** Waits until no daemon run is active and a tick after it requested nothing. */
async function settled(timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const state = daemon.state
    if (
      state.activeRuns.length === 0 &&
      state.lastTick?.requested.length === 0 &&
      (await goldRunId()) !== undefined
    )
      return
    if (state.lastError !== undefined) throw new Error(`bench: daemon: ${state.lastError}`)
    if (failedRun !== undefined)
      throw new Error(
        `bench: daemon run ${failedRun} did not succeed. See medallion logs <run-id>.`,
      )
    if (Date.now() > deadline) throw new Error('bench: the daemon did not settle in time.')
    await sleep(100)
  }
}

/** Asset work of the daemon's runs created at or after `since`: steps plus checks, in ms. */
async function assetWorkMs(store: Instance['store'], since: string): Promise<number> {
  const runs = (await store.listRuns({ limit: 20 })).filter(
    (run) => run.launchedBy === 'daemon' && run.createdAt >= since,
  )
  let total = 0
  for (const run of runs) {
    for (const { event } of await store.runEvents(run.runId)) {
      if (event.type === 'asset_materialized' || event.type === 'check_evaluated')
        total += event.durationMs
    }
  }
  return total
}

try {
  // The daemon builds everything first: every raw file is new to it.
  await settled(600_000)
  const latency: number[] = []
  const assetMs: number[] = []
  const detection: number[] = []
  for (let change = 0; change < input.changes; change++) {
    const before = await goldRunId()
    const newestDay = readdirSync(eventsDir)
      .filter((name) => /^\d{4}-\d{2}-\d{2}\.jsonl$/.test(name))
      .sort()
      .at(-1) as string
    // Copies of the newest day's first events under new ids: new rows, all the way to gold.
    const lines = readFileSync(path.join(eventsDir, newestDay), 'utf8')
      .split('\n')
      .filter((line) => line.trim().startsWith('{'))
      .slice(0, 50)
      .map((line) => line.replace(/"event_id":\s*"([^"]+)"/, `"event_id":"$1-late${change}"`))
    // Changes land at evenly spread points of the tick interval, as real files would: right after
    // a tick a file waits a whole interval to be seen, right before one it waits none.
    const phase = ((change + 0.5) / input.changes) * input.intervalMs
    await sleep(Math.max(0, lastTickAt + phase - performance.now()))
    detectedAt = undefined
    const since = new Date().toISOString()
    const started = performance.now()
    writeFileSync(
      path.join(eventsDir, `${newestDay.slice(0, 10)}-late${change}.jsonl`),
      `${lines.join('\n')}\n`,
    )
    const deadline = Date.now() + 300_000
    while ((await goldRunId()) === before) {
      if (Date.now() > deadline) throw new Error('bench: gold was not rebuilt within 5 minutes.')
      if (failedRun !== undefined)
        throw new Error(`bench: daemon run ${failedRun} did not succeed.`)
      await sleep(POLL_MS)
    }
    latency.push(performance.now() - started)
    detection.push((detectedAt ?? Number.NaN) - started)
    await settled(300_000)
    assetMs.push(await assetWorkMs(instance.store, since))
  }
  const overhead = latency.map((ms, i) => ms - (assetMs[i] ?? 0))
  reportResult(0, { latency, assetMs, overhead, detection })
} finally {
  await daemon.stop()
  await instance.close()
}
