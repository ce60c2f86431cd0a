import { existsSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import { type ProcessRun, REPO_ROOT, runProcess, runWorker } from '../lib/process-run.js'
import { pairRow, pendingRow, type Row } from '../lib/report.js'
import { formatKb, formatMs, measurePair, type Sample, summarize } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'

const CLI = path.join(REPO_ROOT, 'bin', 'medallion.js')
/** Events per user the generator writes over 180 days (measured: 27.0 at 36,364 users), to size `--users`. */
const EVENTS_PER_USER = 27
/** Days of events in the full run; the incremental run adds the next one. */
const DAYS = 180
/** Peak RSS of the pipeline over the floor's that the issue allows. */
const MAX_RSS_RATIO = 1.25
/** "A small fraction of the full run" for the incremental day, as a number. */
const MAX_INCREMENTAL_RATIO = 0.25

/** `medallion materialize --select '*'` over generated data vs the same SQL as a plain DuckDB script. */
export const pipelineSuite: Suite = {
  name: 'pipeline',
  title: 'End-to-end PLG pipeline',
  description:
    "`medallion materialize --select '*'` over generated data (--events 1m,10m) vs plain DuckDB, and an incremental day",
  async run(options: BenchOptions) {
    const loadBefore = options.loadNow()
    const sizes = options.events ?? (options.quick ? [50_000] : [1_000_000])
    const rows: Row[] = []
    if (!existsSync(path.join(REPO_ROOT, 'assets', 'index.ts'))) {
      rows.push(pendingRow('End-to-end pipeline', 'report', 'assets/index.ts does not exist yet'))
    }
    for (const events of rows.length > 0 ? [] : sizes) {
      // Medians need a few runs; at 10M one pair of runs (ABBA) already takes ~10 minutes on 2 cores.
      const runs = options.runs ?? (options.quick ? 2 : events >= 10_000_000 ? 2 : 3)
      rows.push(...(await pipelineRows(options, events, runs)))
    }
    if (options.events === undefined && !options.quick) {
      rows.push(
        pendingRow(
          "End-to-end pipeline at 10M events (`materialize --select '*'`) and its incremental day",
          '≤ 1.15x (1.3x at most)',
          'left out of the default run to keep it short on 2 cores; run `npm run bench -- pipeline --events 10m`',
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

/** What one run of the CLI spent where, read back from its event log. */
interface RunBreakdown {
  readonly checksMs: number
  readonly assetsMs: ReadonlyMap<string, number>
  /** Raw files bronze/feature_usage_events read (its `files_ingested` metadata). */
  readonly eventFilesRead: number | undefined
}

/** The full run's row and the incremental run's row at one size. */
async function pipelineRows(options: BenchOptions, events: number, runs: number): Promise<Row[]> {
  const users = Math.max(100, Math.round(events / EVENTS_PER_USER))
  const base = path.join(options.scratch, `pipeline-${events}`)
  const source = path.join(base, 'data')
  const newDay = path.join(base, 'new-day')
  options.log(`pipeline: generating ~${events} events (${users} users, ${DAYS} + 1 days)`)
  const generated = await runWorker('pipeline-data.ts', {
    users,
    days: DAYS,
    dataDir: source,
    newDay,
  })
  const label = Number(generated.events).toLocaleString('en-US')
  const dayLabel = Number(generated.newDayEvents).toLocaleString('en-US')
  options.log(`pipeline: ${label} events + ${dayLabel} in the new day, ${runs} run(s) each`)
  const incremental: Sample[] = []
  const breakdowns: { full: RunBreakdown; incremental: RunBreakdown }[] = []
  let counter = 0
  const pair = await measurePair(
    runs,
    async () => {
      const dataDir = path.join(base, `medallion-${counter++}`)
      linkTree(path.join(source, 'raw'), path.join(dataDir, 'raw'))
      const full = await medallion(dataDir, ['materialize', '--select', '*'])
      linkTree(newDay, path.join(dataDir, 'raw', 'feature_usage_events'))
      const next = await medallion(dataDir, ['materialize', '--select', '*', '--stale'])
      breakdowns.push({
        full: await breakdown(dataDir, full),
        incremental: await breakdown(dataDir, next),
      })
      rmSync(dataDir, { recursive: true, force: true })
      options.log(
        `  medallion ${formatMs(full.wallMs)}, ${formatKb(full.rssKb)}; new day ${formatMs(next.wallMs)}`,
      )
      incremental.push({ ms: next.wallMs, rssKb: next.rssKb })
      return { ms: full.wallMs, rssKb: full.rssKb }
    },
    async () => {
      const out = path.join(base, `plain-${counter++}`)
      const result = await runWorker('pipeline-baseline.ts', { dataDir: source, out })
      rmSync(out, { recursive: true, force: true })
      options.log(
        `  plain DuckDB ${formatMs(result.process.wallMs)}, ${formatKb(result.process.rssKb)}`,
      )
      return { ms: result.process.wallMs, rssKb: result.process.rssKb ?? result.rssKb }
    },
  )
  rmSync(base, { recursive: true, force: true })

  const maxRatio = events >= 10_000_000 ? 1.15 : 1.3
  const fullRow = pairRow({
    figure: `Pipeline, ${label} events: \`medallion materialize --select '*'\` from raw files to gold (all layers, checks, Delta), whole process`,
    candidate: pair.candidate,
    baseline: pair.baseline,
    baselineName:
      'floor: the assets’ own SQL as one plain DuckDB script into parquet (bench/workers/pipeline-baseline.ts), whole process',
    maxRatio,
    target: `≤ ${maxRatio}x${events >= 10_000_000 ? ' (1.3x at most)' : ''}; peak RSS ≤ ${MAX_RSS_RATIO}x the floor’s`,
    notes: [
      'the floor runs the same bronze parsing, quarantine split, per-file counts, SCD2 history, silver and gold SQL (imported from assets/), without checks, Delta log, txns or the executor',
      describe(breakdowns.map((b) => b.full)),
    ].join('; '),
  })
  const rssRatio = ratioOf(pair.candidate.peakRssKb, pair.baseline.peakRssKb)
  const rssMet = rssRatio === undefined || rssRatio <= MAX_RSS_RATIO
  const incrementalSummary = summarize(incremental)
  const filesRead = breakdowns.map((b) => b.incremental.eventFilesRead)
  const onlyNewFile = filesRead.every((n) => n === 1)
  const incrementalRow = pairRow({
    figure: `Incremental day at ${label} events: one new raw events file (${dayLabel} events), \`medallion materialize --select '*' --stale\` until gold is fresh, whole process`,
    candidate: incrementalSummary,
    baseline: pair.candidate,
    baselineName: 'the full run above (same data, same run)',
    // The issue sets the target on the 10M-event data; below it, fixed costs weigh more: reported only.
    ...(events >= 10_000_000 ? { maxRatio: MAX_INCREMENTAL_RATIO } : {}),
    target:
      events >= 10_000_000
        ? `a small fraction of the full run (read here as ≤ ${MAX_INCREMENTAL_RATIO}x); bronze reads only the new file`
        : 'report (the target is set at 10M events); bronze reads only the new file',
    notes: [
      `bronze/feature_usage_events read ${filesRead.map((n) => n ?? '?').join(', ')} raw file(s) per run`,
      'silver/feature_usage_facts recomputes the as_of_date snapshot from every bronze event, as the spec defines it',
      describe(breakdowns.map((b) => b.incremental)),
    ].join('; '),
  })
  return [
    {
      ...fullRow,
      met: fullRow.met === 'yes' && rssMet ? 'yes' : 'no',
      notes: `${fullRow.notes}; peak RSS ${rssRatio === undefined ? 'n/a' : `${rssRatio.toFixed(2)}x`} the floor’s`,
    },
    { ...incrementalRow, met: !onlyNewFile ? 'no' : incrementalRow.met },
  ]
}

/** Runs the CLI on `dataDir`; fails the bench when the run fails. */
function medallion(dataDir: string, args: readonly string[]): Promise<ProcessRun> {
  return runProcess(process.execPath, [CLI, '--data-dir', dataDir, ...args])
}

/** Hard-links every file under `from` into `to` (created): a copy of the raw files without the I/O. */
function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true })
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const target = path.join(to, entry.name)
    if (entry.isDirectory()) linkTree(path.join(from, entry.name), target)
    else linkSync(path.join(from, entry.name), target)
  }
}

/** Check time and per-asset durations of a finished CLI run, from `medallion logs <run>`. */
async function breakdown(dataDir: string, run: ProcessRun): Promise<RunBreakdown> {
  const runId = /run ([0-9a-f-]{36}) success/.exec(run.stdout)?.[1]
  if (runId === undefined) {
    throw new Error(`bench: the pipeline run did not succeed:\n${run.stdout}\n${run.stderr}`)
  }
  const log = await runProcess(process.execPath, [
    CLI,
    '--data-dir',
    dataDir,
    '--json',
    'logs',
    runId,
  ])
  const { events } = JSON.parse(log.stdout) as {
    events: {
      type: string
      key?: string
      durationMs?: number
      metadata?: { files_ingested?: number }
    }[]
  }
  let checksMs = 0
  let eventFilesRead: number | undefined
  const assetsMs = new Map<string, number>()
  for (const event of events) {
    if (event.type === 'check_evaluated') checksMs += event.durationMs ?? 0
    if (event.type !== 'asset_materialized' || event.key === undefined) continue
    assetsMs.set(event.key, event.durationMs ?? 0)
    if (event.key === 'bronze/feature_usage_events') eventFilesRead = event.metadata?.files_ingested
  }
  return { checksMs, assetsMs, eventFilesRead }
}

/** "checks 1.2 s; slowest: bronze/x 9.1 s, silver/y 2.0 s" from the median run's breakdown. */
function describe(runs: readonly RunBreakdown[]): string {
  const checks = summarize(runs.map((r) => ({ ms: r.checksMs, rssKb: undefined })))
  const keys = new Set(runs.flatMap((r) => [...r.assetsMs.keys()]))
  const assets = [...keys]
    .map((key) => ({
      key,
      ms: summarize(runs.map((r) => ({ ms: r.assetsMs.get(key) ?? 0, rssKb: undefined }))).medianMs,
    }))
    .sort((a, b) => b.ms - a.ms)
  const slowest = assets
    .slice(0, 3)
    .map((a) => `${a.key} ${formatMs(a.ms)}`)
    .join(', ')
  return `assets materialized: ${keys.size}; checks ${formatMs(checks.medianMs)} in all; slowest materializations: ${slowest}`
}

function ratioOf(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b
}
