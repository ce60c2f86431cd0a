// Loading + planning + staleness of a generated graph, or the bare-graph baseline of the same shape.
import { DirectedGraph } from 'graphology'
import { topologicalSort } from 'graphology-dag'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { selectAssets } from '../../framework/selection/select-assets.js'
import { resolveStaleness } from '../../framework/staleness/stale-status.js'
import type { MaterializationFacts } from '../../framework/staleness/stale-types.js'
import { depsOf, type GraphSpec, generatedDefinitions, keyOf } from '../lib/generated-graph.js'
import { reportResult, workerInput } from '../lib/worker-io.js'

const input = workerInput<GraphSpec & { readonly baseline: boolean }>()

if (input.baseline) {
  // The floor: the same nodes and edges in a graphology graph, sorted once.
  const started = performance.now()
  const graph = new DirectedGraph()
  for (let i = 0; i < input.assets; i++) {
    const key = keyOf(input, i)
    graph.addNode(key)
    for (const d of depsOf(input, i)) graph.addEdge(keyOf(input, d), key)
  }
  const order = topologicalSort(graph)
  reportResult(performance.now() - started, { nodes: order.length })
} else {
  let at = performance.now()
  const definitions = generatedDefinitions(input)
  const loadMs = performance.now() - at
  at = performance.now()
  const plan = buildPlan(definitions, selectAssets(definitions, '*'))
  const planMs = performance.now() - at
  // Every asset materialized once from its upstreams' current versions: all fresh.
  const materializations = new Map<AssetKey, MaterializationFacts>()
  for (const key of definitions.order) {
    const inputVersions: Record<string, string> = {}
    for (const up of definitions.upstream(key)) inputVersions[up] = `v-${up}`
    materializations.set(key, { dataVersion: `v-${key}`, codeVersion: '1', inputVersions })
  }
  at = performance.now()
  const staleness = resolveStaleness(definitions, { materializations, sources: new Map() })
  const stalenessMs = performance.now() - at
  const fresh = [...staleness.values()].filter((s) => s.status === 'fresh').length
  if (fresh !== input.assets) throw new Error(`bench: expected every asset fresh, got ${fresh}.`)
  reportResult(loadMs + planMs + stalenessMs, {
    loadMs,
    planMs,
    stalenessMs,
    steps: plan.steps.length,
  })
}
