import { cpSync, existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import { REPO_ROOT, runProcess, runWorker } from '../lib/process-run.js'
import { pairRow, pendingRow, type Row } from '../lib/report.js'
import { measurePair } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'

const CLI = path.join(REPO_ROOT, 'bin', 'medallion.js')
/** Events per user the generator writes over 180 days (measured: ~27.5), to size `--users`. */
const EVENTS_PER_USER = 27.5

/** `medallion materialize --select '*'` over generated data vs the same layers as a plain DuckDB script. */
export const pipelineSuite: Suite = {
  name: 'pipeline',
  title: 'End-to-end PLG pipeline',
  description:
    "`medallion materialize --select '*'` over generated data (--events 1m,10m) vs plain DuckDB",
  async run(options: BenchOptions) {
    const loadBefore = options.loadNow()
    const sizes = options.events ?? (options.quick ? [50_000] : [1_000_000])
    const runs = options.runs ?? 1
    const rows: Row[] = []
    if (!existsSync(path.join(REPO_ROOT, 'assets', 'index.ts'))) {
      rows.push(pendingRow('End-to-end pipeline', 'report', 'assets/index.ts does not exist yet'))
    }
    for (const events of rows.length > 0 ? [] : sizes) {
      rows.push(await pipelineRow(options, events, runs))
    }
    if (options.events === undefined && !options.quick) {
      rows.push(
        pendingRow(
          "End-to-end pipeline at 10M events (`materialize --select '*'`)",
          'report',
          'left out of the default run to keep it under 20 minutes on 2 cores; run `npm run bench -- pipeline --events 10m`',
        ),
      )
    }
    return {
      id: 'pipeline',
      title: this.title,
      machine: options.machine,
      load: `${loadBefore} before, ${options.loadNow()} after`,
      rows,
    }
  },
}

async function pipelineRow(options: BenchOptions, events: number, runs: number): Promise<Row> {
  const users = Math.max(100, Math.round(events / EVENTS_PER_USER))
  const base = path.join(options.scratch, `pipeline-${events}`)
  const raw = path.join(base, 'raw')
  options.log(`pipeline: generating ~${events} events (${users} users, 180 days)`)
  const generated = await runWorker('generator-worker.ts', { users, days: 180, out: raw })
  const label = Number(generated.events).toLocaleString('en-US')
  let counter = 0
  options.log(`pipeline: ${label} events, ${runs} run(s) each`)
  const pair = await measurePair(
    runs,
    async () => {
      const dataDir = path.join(base, `medallion-${counter++}`)
      cpSync(raw, path.join(dataDir, 'raw'), { recursive: true })
      const run = await runProcess(process.execPath, [
        CLI,
        '--data-dir',
        dataDir,
        'materialize',
        '--select',
        '*',
      ])
      rmSync(dataDir, { recursive: true, force: true })
      options.log(`  medallion ${Math.round(run.wallMs)} ms`)
      return { ms: run.wallMs, rssKb: run.rssKb }
    },
    async () => {
      const out = path.join(base, `plain-${counter++}`)
      const result = await runWorker('pipeline-baseline.ts', { raw, out })
      rmSync(out, { recursive: true, force: true })
      options.log(`  plain DuckDB ${Math.round(result.process.wallMs)} ms`)
      return { ms: result.process.wallMs, rssKb: result.process.rssKb ?? result.rssKb }
    },
  )
  rmSync(base, { recursive: true, force: true })
  return pairRow({
    figure: `Pipeline, ${label} events: \`medallion materialize --select '*'\` (all layers, checks, Delta), whole process`,
    candidate: pair.candidate,
    baseline: pair.baseline,
    baselineName:
      'plain DuckDB script (bench/workers/pipeline-baseline.ts): same layers straight to parquet, whole process',
    target: 'report (no target set)',
    notes:
      'the baseline skips quarantine, per-file idempotent commits, checks and SCD2; it is a floor, not an equal',
  })
}
