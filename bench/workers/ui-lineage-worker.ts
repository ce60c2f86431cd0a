// First paint of the lineage page in headless chromium over a generated graph, against the same
// page over a small graph (app start-up, the API and React Flow drawing a few nodes), alternating.
// Each run is a new browser with a new profile and an empty cache, on a server already warm.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { writeLargeDefinitions } from '../../tests/e2e/fixtures/large-definitions.js'
import { launchBrowser, openPage } from '../../tests/e2e/support/browser.js'
import { type DevServer, startDevServer } from '../../tests/e2e/support/dev-server.js'
import { ensureUiBuilt } from '../../tests/e2e/support/ui-build.js'
import { measurePair } from '../lib/stats.js'
import { reportResult, workerInput } from '../lib/worker-io.js'
import { browserPeakRssKb } from './ui-browser-memory.js'
import { PAINT_PROBE, type PaintProbe } from './ui-paint-probe.js'

type Painted = { readonly [K in keyof PaintProbe]: NonNullable<PaintProbe[K]> }

interface Input {
  readonly assets: number
  readonly baselineAssets: number
  readonly runs: number
  readonly dataDir: string
}

/** One page load, in ms since navigation start. */
export interface LineageLoad extends Painted {
  /** The page's scripts (not the layout worker's) had all arrived. */
  readonly scriptsAt: number
  /** GET /api/lineage had answered. */
  readonly lineageAt: number
  /** The layout the graph settles in was ready (dagre in a worker, for a big graph). */
  readonly layoutAt: number
}

const input = workerInput<Input>()
await ensureUiBuilt({ rebuildIfStale: true })
const candidate = await serveGraph('candidate', input.assets)
try {
  const baseline = await serveGraph('baseline', input.baselineAssets)
  try {
    const loads: { candidate: LineageLoad[]; baseline: LineageLoad[] } = {
      candidate: [],
      baseline: [],
    }
    const measured = async (server: DevServer, into: LineageLoad[]) => {
      const { load, rssKb } = await openLineage(server)
      into.push(load)
      return { ms: load.presentedAt, rssKb }
    }
    const pair = await measurePair(
      input.runs,
      () => measured(candidate, loads.candidate),
      () => measured(baseline, loads.baseline),
    )
    reportResult(pair.candidate.medianMs, { pair, loads })
  } finally {
    await baseline.stop()
  }
} finally {
  await candidate.stop()
}

/** `medallion dev --no-daemon` over a generated graph of `assets` assets, nothing materialized. */
async function serveGraph(name: string, assets: number): Promise<DevServer> {
  const dir = path.join(input.dataDir, name)
  mkdirSync(dir, { recursive: true })
  const server = await startDevServer({
    dataDir: dir,
    definitions: writeLargeDefinitions(dir, assets),
  })
  // Also warms the server, so the first measured run does not pay for its first answer.
  const lineage = (await (await fetch(`${server.url}/api/lineage`)).json()) as { nodes: unknown[] }
  if (lineage.nodes.length !== assets) {
    await server.stop()
    throw new Error(
      `bench: /api/lineage of the ${name} server has ${lineage.nodes.length} nodes, not ${assets}.`,
    )
  }
  return server
}

async function openLineage(server: DevServer): Promise<{ load: LineageLoad; rssKb: number }> {
  const browser: Browser = await launchBrowser()
  try {
    const { page, errors } = await openPage(browser)
    await page.addInitScript(PAINT_PROBE)
    await page.goto(server.url)
    const wait = { timeout: 60_000, polling: 50 }
    const painted = await page
      .waitForFunction(
        'window.__paintProbe.paintedAt !== null && window.__paintProbe.presentedAt !== null',
        undefined,
        wait,
      )
      .then(
        () => true,
        () => false,
      )
    const probe = (await page.evaluate('window.__paintProbe')) as Painted
    if (!painted) {
      throw new Error(
        `bench: the lineage graph was not painted within ${wait.timeout / 1000} s: ${JSON.stringify(probe)}; page errors: ${errors.join('; ') || 'none'}.`,
      )
    }
    await page.waitForFunction(
      "performance.getEntriesByName('lineage-layout').length > 0",
      undefined,
      wait,
    )
    const timings = (await page.evaluate(`(() => {
      const resources = performance.getEntriesByType('resource')
      // 'script' and 'link' (modulepreload): the page's code, not the layout worker's ('other').
      const scripts = resources.filter(
        (r) => ['script', 'link'].includes(r.initiatorType) && r.name.endsWith('.js'),
      )
      const lineage = resources.find((r) => new URL(r.name).pathname === '/api/lineage')
      const layout = performance.getEntriesByName('lineage-layout')[0]
      return {
        scriptsAt: Math.max(0, ...scripts.map((r) => r.responseEnd)),
        lineageAt: lineage ? lineage.responseEnd : -1,
        layoutAt: layout.startTime + layout.duration,
      }
    })()`)) as Pick<LineageLoad, 'scriptsAt' | 'lineageAt' | 'layoutAt'>
    if (errors.length > 0) throw new Error(`bench: the lineage page threw: ${errors.join('; ')}`)
    if (probe.nodes === 0 || timings.lineageAt < 0) {
      throw new Error(`bench: the lineage page painted ${probe.nodes} nodes without /api/lineage.`)
    }
    const rssKb = browserPeakRssKb()
    return { load: { ...probe, ...timings }, rssKb }
  } finally {
    await browser.close()
  }
}
