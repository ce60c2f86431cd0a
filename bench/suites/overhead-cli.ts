import path from 'node:path'
import { REPO_ROOT, runProcess } from '../lib/process-run.js'
import { pairRow, type Row } from '../lib/report.js'
import { formatMs, measurePair, type Sample } from '../lib/stats.js'
import type { BenchOptions } from '../lib/suite.js'

const CLI = path.join(REPO_ROOT, 'bin', 'medallion.js')
const FIXTURE = path.join(REPO_ROOT, 'bench', 'fixtures', 'generated-definitions.ts')
const BARE = path.join(REPO_ROOT, 'bench', 'fixtures', 'bare-duckdb.mjs')

/** Whole-process CLI timings: a no-op `materialize --stale`, and `medallion list` vs bare Node + DuckDB. */
export async function cliFigures(options: BenchOptions): Promise<Row[]> {
  const assets = options.quick ? 50 : 1000
  const runs = options.runs ?? 5
  const label = assets.toLocaleString('en-US')
  const env = {
    ...process.env,
    BENCH_ASSETS: String(assets),
    BENCH_SHAPE: 'chain',
    BENCH_STORAGE: 'delta',
  }
  const dataDir = path.join(options.scratch, 'cli-rerun')
  const cli = async (
    args: readonly string[],
    definitions: string,
    dir: string,
  ): Promise<Sample> => {
    const run = await runProcess(
      process.execPath,
      [CLI, '--data-dir', dir, '--definitions', definitions, ...args],
      { env },
    )
    return { ms: run.wallMs, rssKb: run.rssKb }
  }

  options.log(`overhead: CLI setup, materializing ${label} no-op assets once`)
  await cli(['materialize', '--select', '*'], FIXTURE, dataDir)
  options.log(
    `overhead: CLI \`materialize --stale\` vs \`list\` over ${label} fresh assets, ${runs} runs`,
  )
  const rerun = await measurePair(
    runs,
    () => cli(['materialize', '--stale', '--select', '*'], FIXTURE, dataDir),
    () => cli(['list'], FIXTURE, dataDir),
  )
  const extraPerAsset = (rerun.candidate.medianMs - rerun.baseline.medianMs) / assets
  const extraMinPerAsset = (rerun.candidate.minMs - rerun.baseline.minMs) / assets
  const rerunRow = pairRow({
    figure: `CLI \`medallion materialize --stale --select '*'\` with nothing stale, ${label} assets (whole process)`,
    candidate: rerun.candidate,
    baseline: rerun.baseline,
    baselineName: '`medallion list` over the same definitions and data dir (start-up)',
    target: 'start-up + < 10 ms per asset',
    notes:
      extraPerAsset < 0
        ? `faster than its baseline: start-up noise exceeds the per-asset work; from the fastest runs ${formatMs(Math.max(0, extraMinPerAsset))} per asset`
        : `beyond start-up: ${formatMs(extraPerAsset)} per asset (fastest runs: ${formatMs(Math.max(0, extraMinPerAsset))})`,
  })

  options.log(
    `overhead: \`medallion list\` (project definitions) vs bare Node + DuckDB, ${runs} runs`,
  )
  const listDir = path.join(options.scratch, 'cli-list')
  const list = await measurePair(
    runs,
    () => cli(['list'], path.join(REPO_ROOT, 'assets', 'index.ts'), listDir),
    async () => {
      const run = await runProcess(process.execPath, [BARE])
      return { ms: run.wallMs, rssKb: run.rssKb }
    },
  )
  return [
    { ...rerunRow, met: extraPerAsset < 10 ? 'yes' : 'no' },
    pairRow({
      figure: '`medallion list` over the project definitions (assets/index.ts), whole process',
      candidate: list.candidate,
      baseline: list.baseline,
      baselineName: 'bare `node` loading @duckdb/node-api and running one query',
      maxRatio: 1.5,
      target: '≤ 1.5x',
      notes: 'wall time of the process, spawn to exit',
    }),
  ]
}
