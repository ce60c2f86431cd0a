import { rmSync } from 'node:fs'
import path from 'node:path'
import { runWorker } from '../lib/process-run.js'
import { failedRow, pairRow, type Row } from '../lib/report.js'
import { formatMs, median, type Summary } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'
import type { LineageLoad } from '../workers/ui-lineage-worker.js'

/** First paint of the lineage page over a generated graph, in headless chromium. */
export const uiSuite: Suite = {
  name: 'ui',
  title: 'UI',
  description: 'first paint of the lineage page over a generated 1,000-asset graph (chromium)',
  async run(options: BenchOptions) {
    const loadBefore = options.loadNow()
    const rows = [await lineageRow(options)]
    return {
      id: 'ui',
      title: this.title,
      machine: options.machine,
      load: `${loadBefore} before, ${options.loadNow()} after`,
      rows,
    }
  },
}

async function lineageRow(options: BenchOptions): Promise<Row> {
  const assets = options.quick ? 200 : 1000
  // One domain of the generator: 5 layers of 5, laid out at once and fitted in the window.
  const baselineAssets = 25
  const runs = options.runs ?? (options.quick ? 2 : 7)
  const figure = `Lineage page: navigation start → generated ${assets.toLocaleString('en-US')}-asset graph first painted (headless chromium, new browser per run, warm server)`
  const target = '< 2 s'
  const dataDir = path.join(options.scratch, 'ui-lineage')
  options.log(`ui: lineage first paint, ${assets} vs ${baselineAssets} assets, ${runs} runs`)
  try {
    const result = await runWorker('ui-lineage-worker.ts', {
      assets,
      baselineAssets,
      runs,
      dataDir,
    })
    const pair = result.pair as { candidate: Summary; baseline: Summary }
    const loads = result.loads as { candidate: LineageLoad[]; baseline: LineageLoad[] }
    const presented = (list: readonly LineageLoad[]) =>
      list.map((l) => Math.round(l.presentedAt)).join(', ')
    options.log(`  ${assets} assets: presented at ${presented(loads.candidate)} ms`)
    options.log(`  ${baselineAssets} assets: presented at ${presented(loads.baseline)} ms`)
    return pairRow({
      figure,
      candidate: pair.candidate,
      baseline: pair.baseline,
      baselineName: `the same page over a ${baselineAssets}-asset graph (app start-up, API, a few nodes)`,
      maxMs: 2000,
      target,
      notes: `first painted = renderTime of the Element Timing entry of the first asset names (the probe tags them as they enter the DOM, before their first paint): when the browser presented that frame; ${timeline(loads.candidate, assets)}; ${timeline(loads.baseline, baselineAssets)}; the graph opens at a readable zoom on its upstream end, so only the nodes in view are drawn; peak RSS = sum of each chromium process's peak (VmHWM), shared pages counted once per process`,
    })
  } catch (error) {
    return failedRow(figure, target, error)
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Medians of where a page load spent its time, for the notes. */
function timeline(loads: readonly LineageLoad[], assets: number): string {
  const at = (pick: (load: LineageLoad) => number) => formatMs(median(loads.map(pick)))
  return `${assets} assets, medians since navigation start: scripts loaded ${at((l) => l.scriptsAt)}, /api/lineage answered ${at((l) => l.lineageAt)}, nodes in the DOM ${at((l) => l.inDomAt)}, main thread done painting ${at((l) => l.paintedAt)}, presented ${at((l) => l.presentedAt)} (${median(loads.map((l) => l.nodes))} nodes drawn), final layout ready ${at((l) => l.layoutAt)}`
}
