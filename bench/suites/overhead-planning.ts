import { runWorker } from '../lib/process-run.js'
import { pairRow, type Row } from '../lib/report.js'
import { formatMs, measurePair, median } from '../lib/stats.js'
import type { BenchOptions } from '../lib/suite.js'

/** Loading + planning + staleness of generated layered graphs, vs the same graph in bare graphology. */
export async function planningFigures(options: BenchOptions): Promise<Row[]> {
  const sizes = options.quick
    ? [
        { assets: 500, maxMs: 200 },
        { assets: 5000, maxMs: 2000 },
      ]
    : [
        { assets: 5000, maxMs: 200 },
        { assets: 50_000, maxMs: 2000 },
      ]
  const runs = options.runs ?? 3
  const rows: Row[] = []
  const medians: number[] = []
  for (const { assets, maxMs } of sizes) {
    const label = assets.toLocaleString('en-US')
    options.log(`overhead: load + plan + staleness of ${label} assets, ${runs} runs`)
    const parts: { loadMs: number[]; planMs: number[]; stalenessMs: number[] } = {
      loadMs: [],
      planMs: [],
      stalenessMs: [],
    }
    const spec = { assets, shape: 'layered', storage: 'delta' } as const
    const pair = await measurePair(
      runs,
      async () => {
        const out = await runWorker('plan-worker.ts', { ...spec, baseline: false })
        parts.loadMs.push(Number(out.loadMs))
        parts.planMs.push(Number(out.planMs))
        parts.stalenessMs.push(Number(out.stalenessMs))
        options.log(`  medallion ${Math.round(out.ms)} ms`)
        return { ms: out.ms, rssKb: out.rssKb }
      },
      async () => {
        const out = await runWorker('plan-worker.ts', { ...spec, baseline: true })
        options.log(`  graphology ${Math.round(out.ms)} ms`)
        return { ms: out.ms, rssKb: out.rssKb }
      },
    )
    medians.push(pair.candidate.medianMs)
    const breakdown = `load ${formatMs(median(parts.loadMs))}, plan ${formatMs(median(parts.planMs))}, staleness ${formatMs(median(parts.stalenessMs))}`
    const previous = medians.at(-2)
    const linear =
      previous === undefined
        ? ''
        : `; ${(pair.candidate.medianMs / previous).toFixed(1)}x the time for ${(assets / (sizes[0]?.assets ?? assets)).toFixed(0)}x the assets`
    rows.push(
      pairRow({
        figure: `Load + plan + staleness, ${label} generated assets (layers of 100, 1–3 deps each)`,
        candidate: pair.candidate,
        baseline: pair.baseline,
        baselineName: 'same nodes and edges into a graphology DirectedGraph + topologicalSort',
        maxMs,
        target: `< ${formatMs(maxMs)}, linear`,
        notes: `${breakdown}${linear}; RSS from the worker process`,
      }),
    )
  }
  return rows
}
