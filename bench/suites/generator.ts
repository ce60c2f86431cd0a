import { rmSync } from 'node:fs'
import path from 'node:path'
import { runWorker } from '../lib/process-run.js'
import type { Row } from '../lib/report.js'
import { formatKb, formatMs, measurePair } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'

/** Events the generator writes per second, vs a formatting-and-writing floor of the same lines. */
export const generatorSuite: Suite = {
  name: 'generator',
  title: 'Data generator',
  description: 'events written per second by generateData (~1M events: 40,000 users, 180 days)',
  async run(options: BenchOptions) {
    const users = options.quick ? 2000 : 40_000
    const days = 180
    const runs = options.runs ?? (options.quick ? 2 : 3)
    const loadBefore = options.loadNow()
    let events = 0
    let counter = 0
    options.log(`generator: ${users} users, ${days} days, ${runs} runs`)
    const pair = await measurePair(
      runs,
      async () => {
        const out = path.join(options.scratch, `generated-${counter++}`)
        const result = await runWorker('generator-worker.ts', { users, days, out })
        rmSync(out, { recursive: true, force: true })
        events = Number(result.events)
        options.log(`  generateData ${Math.round(result.ms)} ms, ${events} events`)
        return { ms: result.ms, rssKb: result.process.rssKb ?? result.rssKb }
      },
      async () => {
        const out = path.join(options.scratch, `floor-${counter++}`)
        // The first pair runs the generator first (ABBA), so the event count is known here.
        const result = await runWorker('generator-worker.ts', {
          users,
          days,
          out,
          floorEvents: events || users * 25,
        })
        rmSync(out, { recursive: true, force: true })
        options.log(`  floor ${Math.round(result.ms)} ms`)
        return { ms: result.ms, rssKb: result.process.rssKb ?? result.rssKb }
      },
    )
    const rate = (ms: number) =>
      `${Math.round(events / (ms / 1000)).toLocaleString('en-US')} events/s`
    const row: Row = {
      figure: `generateData, ${users.toLocaleString('en-US')} users × ${days} days (${events.toLocaleString('en-US')} events, all four sources)`,
      value: `${rate(pair.candidate.medianMs)} (${formatMs(pair.candidate.medianMs)}, n=${pair.candidate.runs})`,
      baseline: 'same number of event lines formatted from a counter and written in 256 KB chunks',
      baselineValue: `${rate(pair.baseline.medianMs)} (${formatMs(pair.baseline.medianMs)})`,
      ratio: pair.candidate.medianMs / pair.baseline.medianMs,
      target: 'report only (no target set)',
      rss: `${formatKb(pair.candidate.peakRssKb)} / ${formatKb(pair.baseline.peakRssKb)}`,
      met: '-',
      notes: 'ratio is time / floor time: the cost of the randomness and realism over plain I/O',
    }
    return {
      id: 'generator',
      title: this.title,
      machine: options.machine,
      load: `${loadBefore} before, ${options.loadNow()} after`,
      rows: [row],
    }
  },
}
