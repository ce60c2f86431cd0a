// Materializes a generated graph of no-op assets in a fresh data directory and times the run.
import { openInstance } from '../../framework/instance/open-instance.js'
import { materialize } from '../../framework/services/materialize.js'
import { type GraphSpec, generatedDefinitions } from '../lib/generated-graph.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

interface Input extends GraphSpec {
  readonly dataDir: string
  /** Also time a second run with `staleOnly` when nothing changed. */
  readonly rerun: boolean
}

const input = workerInput<Input>()
const definitions = generatedDefinitions(input)
const instance = await openInstance({ dataDir: input.dataDir })
try {
  let started = performance.now()
  const first = await materialize(instance, definitions, { select: '*', launchedBy: 'bench' })
  const ms = performance.now() - started
  if (first.status !== 'success') {
    const failed = first.assets.filter((a) => a.outcome === 'failed').slice(0, 3)
    throw new Error(
      `bench: materializing the generated graph ended ${first.status}: ${failed.map((a) => `${a.key}: ${a.message}`).join('; ')}`,
    )
  }
  let rerunMs: number | undefined
  if (input.rerun) {
    started = performance.now()
    const again = await materialize(instance, definitions, {
      select: '*',
      staleOnly: true,
      launchedBy: 'bench',
    })
    rerunMs = performance.now() - started
    if (again.status !== 'success') throw new Error(`bench: the re-run ended ${again.status}.`)
  }
  reportResult(ms, { rerunMs })
} finally {
  await instance.close()
}
