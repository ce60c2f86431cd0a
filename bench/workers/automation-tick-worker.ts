// Ticks of the automation daemon over a generated graph with everything fresh: what a tick costs
// when there is nothing to do (lease renewal, switches, source observation, facts, evaluation).
import { startDaemon } from '../../framework/automation/daemon.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { automationGraph, recordAllFresh, writeAutomationSources } from '../lib/automation-graph.js'
import { median } from '../lib/stats.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

interface Input {
  readonly assets: number
  readonly ticks: number
  readonly dataDir: string
}

const input = workerInput<Input>()
writeAutomationSources(input.dataDir)
const definitions = automationGraph(input.assets)
const instance = await openInstance({ dataDir: input.dataDir, threads: 1 })
await recordAllFresh(instance, input.dataDir, definitions)
// A long interval: the daemon ticks once at start, then only when asked.
const requested: string[] = []
const daemon = startDaemon(instance, definitions, {
  intervalMs: 3_600_000,
  onTick: (tick) => requested.push(...tick.requested),
})
try {
  // The first tick records every asset's first evaluation and cursor; warm-up ticks JIT the rest.
  await daemon.tickNow()
  for (let i = 0; i < 5; i++) await daemon.tickNow()
  const wall: number[] = []
  const cpu: number[] = []
  for (let i = 0; i < input.ticks; i++) {
    const usage = process.cpuUsage()
    const started = performance.now()
    await daemon.tickNow()
    wall.push(performance.now() - started)
    const used = process.cpuUsage(usage)
    cpu.push((used.user + used.system) / 1000)
  }
  const state = daemon.state
  if (requested.length > 0 || state.lastTick?.status !== 'success') {
    throw new Error(
      `bench: expected ticks with nothing to do, got status ${state.lastTick?.status} and requests for ${requested.slice(0, 5).join(', ')}.`,
    )
  }
  if (state.lastTick.evaluatedCount !== input.assets) {
    throw new Error(
      `bench: a tick evaluated ${state.lastTick.evaluatedCount} assets, not ${input.assets}.`,
    )
  }
  reportResult(median(wall), { wall, cpu, cpuMedianMs: median(cpu) })
} finally {
  await daemon.stop()
  await instance.close()
}
