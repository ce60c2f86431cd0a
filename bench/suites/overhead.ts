import { rmSync } from 'node:fs'
import path from 'node:path'
import { runWorker } from '../lib/process-run.js'
import { failedRow, pairRow, type Row, soloRow } from '../lib/report.js'
import { formatMs, measurePair, type Sample, summarize } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'
import { cliFigures } from './overhead-cli.js'
import { planningFigures } from './overhead-planning.js'

/** Orchestration overhead: no-op materializations, planning at scale, no-op re-runs, CLI start-up. */
export const overheadSuite: Suite = {
  name: 'overhead',
  title: 'Orchestration overhead',
  description:
    'no-op assets per materialization, load+plan+staleness at 5k/50k, no-op re-run, `medallion list`',
  async run(options: BenchOptions) {
    const loadBefore = options.loadNow()
    const rows: Row[] = [...(await materializeFigures(options))]
    rows.push(...(await planningFigures(options)))
    rows.push(...(await cliFigures(options)))
    return {
      id: 'overhead',
      title: this.title,
      machine: options.machine,
      load: `${loadBefore} before, ${options.loadNow()} after`,
      rows,
    }
  },
}

async function materializeFigures(options: BenchOptions): Promise<Row[]> {
  const assets = options.quick ? 50 : 1000
  const runs = options.runs ?? (options.quick ? 2 : 3)
  const label = assets.toLocaleString('en-US')
  const rows: Row[] = []
  const rerun: Sample[] = []
  const configs = [
    { shape: 'chain', storage: 'delta' },
    { shape: 'fanout', storage: 'delta' },
    { shape: 'chain', storage: 'duckdb' },
    { shape: 'fanout', storage: 'duckdb' },
  ] as const
  let counter = 0
  for (const { shape, storage } of configs) {
    options.log(`overhead: materialize ${label} no-op assets, ${shape}, ${storage}, ${runs} runs`)
    const figure = `Materialize ${label} no-op assets (${shape === 'chain' ? 'chain' : 'wide fan-out'}, ${storage} storage), per asset`
    let pair: Awaited<ReturnType<typeof measurePair>>
    try {
      // DuckDB storage is the slower path and only "if cheap": two runs keep the default run bounded.
      pair = await measurePair(
        storage === 'duckdb' ? Math.min(runs, 2) : runs,
        async () => {
          const dataDir = path.join(options.scratch, `materialize-${counter++}`)
          const out = await runWorker('materialize-worker.ts', {
            assets,
            shape,
            storage,
            dataDir,
            rerun: shape === 'chain' && storage === 'delta',
          })
          rmSync(dataDir, { recursive: true, force: true })
          if (typeof out.rerunMs === 'number') rerun.push({ ms: out.rerunMs, rssKb: out.rssKb })
          options.log(`  medallion ${Math.round(out.ms)} ms`)
          return { ms: out.ms, rssKb: out.rssKb }
        },
        async () => {
          const dir = path.join(options.scratch, `commits-${counter++}`)
          const out = await runWorker('commit-worker.ts', { assets, dir })
          rmSync(dir, { recursive: true, force: true })
          options.log(`  baseline ${Math.round(out.ms)} ms`)
          return { ms: out.ms, rssKb: out.rssKb }
        },
      )
    } catch (error) {
      options.log(
        `  failed: ${error instanceof Error ? error.message.slice(0, 500) : String(error)}`,
      )
      rows.push(failedRow(figure, '< 5 ms per asset', error))
      continue
    }
    rows.push(
      pairRow({
        figure,
        candidate: pair.candidate,
        baseline: pair.baseline,
        baselineName:
          'the same one-row query written through our Delta layer alone (DeltaTable.overwrite, no executor), per asset; the bare floor is the diagnostic row below',
        maxMs: 5,
        target: '< 5 ms per asset',
        scale: assets,
        notes: 'run time in-process (selection, plan, steps, events, storage writes)',
      }),
    )
  }
  rows.push(await deltaLayerRow(options, assets, runs))
  rows.push(
    soloRow({
      figure: `Re-run with nothing stale (materialize staleOnly over ${label} fresh assets, in-process), per asset`,
      summary: summarize(rerun),
      maxMs: 10,
      scale: assets,
      target: '< 10 ms per asset',
      notes: `whole call: ${formatMs(summarize(rerun).medianMs)}; the CLI row below adds process start-up`,
    }),
  )
  return rows
}

/**
 * Diagnostic for the no-op rows: what our Delta layer adds to a one-row write (schema look-up,
 * file stats, snapshot) over DuckDB's COPY and a hand-written commit, which is this machine's floor.
 */
async function deltaLayerRow(options: BenchOptions, assets: number, runs: number): Promise<Row> {
  const figure = `Diagnostic: one-row write through DeltaTable.overwrite (new table), per write (${assets.toLocaleString('en-US')} writes)`
  const target = 'none (explains the no-op rows)'
  options.log(`overhead: Delta layer vs bare COPY + commit, ${runs} runs`)
  let counter = 0
  const commits = (mode: 'delta' | 'bare') => async () => {
    const dir = path.join(options.scratch, `${mode}-commits-${counter++}`)
    const out = await runWorker('commit-worker.ts', { assets, dir, mode })
    rmSync(dir, { recursive: true, force: true })
    options.log(`  ${mode} ${Math.round(out.ms)} ms`)
    return { ms: out.ms, rssKb: out.rssKb }
  }
  try {
    const pair = await measurePair(runs, commits('delta'), commits('bare'))
    return pairRow({
      figure,
      candidate: pair.candidate,
      baseline: pair.baseline,
      baselineName:
        'bare: DuckDB `COPY (select 1) TO` one parquet file + a hand-written commit (temp file, fsync, link); no schema look-up, stats or snapshot',
      target,
      scale: assets,
      notes:
        'the Delta layer adds a `prepare` of the query (its schema) and RETURN_STATS to the COPY (per-column stats in the add action); the rest of both is DuckDB and the file system',
    })
  } catch (error) {
    return failedRow(figure, target, error)
  }
}
