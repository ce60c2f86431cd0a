import { rmSync } from 'node:fs'
import path from 'node:path'
import { runWorker } from '../lib/process-run.js'
import { failedRow, type Row, soloRow } from '../lib/report.js'
import { formatMs, median, summarize } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.map(Number) : [])

/** Daemon latency from a new raw file to gold, less the assets' own work; tick time at 5,000 assets. */
export const automationSuite: Suite = {
  name: 'automation',
  title: 'Automation daemon',
  description:
    'source change → gold rebuilt by the daemon (overhead), and tick time over 5,000 assets',
  async run(options: BenchOptions) {
    const loadBefore = options.loadNow()
    const rows = [await latencyRow(options), await tickRow(options)]
    return {
      id: 'automation',
      title: this.title,
      machine: options.machine,
      load: `${loadBefore} before, ${options.loadNow()} after`,
      rows,
    }
  },
}

async function latencyRow(options: BenchOptions): Promise<Row> {
  const users = options.quick ? 200 : 500
  const days = options.quick ? 20 : 30
  const changes = options.runs ?? (options.quick ? 2 : 5)
  const intervalMs = 2000
  const figure = `Automation latency: new raw events file → gold/feature_conversion_lift rebuilt by the daemon, minus the assets' own work (PLG data, ${users} users × ${days} days)`
  const target = '< 2 s'
  const dataDir = path.join(options.scratch, 'automation-latency')
  options.log(`automation: latency, ${users} users × ${days} days, ${changes} changes`)
  try {
    const result = await runWorker('automation-latency-worker.ts', {
      users,
      days,
      changes,
      intervalMs,
      dataDir,
    })
    const latency = numbers(result.latency)
    const assetMs = numbers(result.assetMs)
    const overhead = numbers(result.overhead)
    const detection = numbers(result.detection)
    const afterDetection = overhead.map((ms, i) => ms - (detection[i] ?? 0))
    options.log(
      `  latency ${latency.map(Math.round).join(', ')} ms; assets ${assetMs.map(Math.round).join(', ')} ms`,
    )
    const rssKb = result.process.rssKb ?? result.rssKb
    return soloRow({
      figure,
      summary: summarize(overhead.map((ms) => ({ ms, rssKb }))),
      maxMs: 2000,
      target,
      notes: `one new file per change; raw latency ${formatMs(median(latency))} (${formatMs(Math.min(...latency))}–${formatMs(Math.max(...latency))}), asset work ${formatMs(median(assetMs))} (asset_materialized + check_evaluated durationMs of the daemon's runs, concurrency 1); tick interval ${formatMs(intervalMs)} bounds the detection delay (file written → end of the tick that requested it): ${formatMs(median(detection))} median, changes spread evenly over the interval; overhead after detection ${formatMs(median(afterDetection))} (${formatMs(Math.min(...afterDetection))}–${formatMs(Math.max(...afterDetection))}); gold polled every 20 ms; RSS of the worker process (daemon, DuckDB and the generator)`,
    })
  } catch (error) {
    return failedRow(figure, target, error)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function tickRow(options: BenchOptions): Promise<Row> {
  const assets = options.quick ? 500 : 5000
  const ticks = options.runs === undefined ? 30 : Math.max(options.runs, 5)
  const figure = `Automation tick time over ${assets.toLocaleString('en-US')} eager assets with nothing changed (daemon.tickNow(), warm process)`
  const target = '< 50 ms'
  const dataDir = path.join(options.scratch, 'automation-tick')
  options.log(`automation: tick time, ${assets} assets, ${ticks} ticks`)
  try {
    const result = await runWorker('automation-tick-worker.ts', { assets, ticks, dataDir })
    const wall = numbers(result.wall)
    const cpu = numbers(result.cpu)
    options.log(`  tick median ${formatMs(median(wall))} wall, ${formatMs(median(cpu))} CPU`)
    const rssKb = result.process.rssKb ?? result.rssKb
    return soloRow({
      figure,
      summary: summarize(wall.map((ms) => ({ ms, rssKb }))),
      maxMs: 50,
      target,
      notes: `wall time of a whole daemon tick (lease, switches, source observation, batched facts, evaluation, recording) after 6 warm-up ticks; CPU ${formatMs(median(cpu))} median (${formatMs(Math.min(...cpu))} min); graph of bench/lib/automation-graph.ts (10 sources, each asset reading 1–2); RSS of the worker process`,
    })
  } catch (error) {
    return failedRow(figure, target, error)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}
