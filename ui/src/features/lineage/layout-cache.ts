import { DEFAULT_SIZES, type LayoutInput, type LineageLayout, layoutLineage } from './layout.js'
import type { LayoutRequest } from './layout.worker.js'
import { provisionalPlace } from './provisional-place.js'

// Leaving the graph and coming back should not lay out 1,000 assets again: keep the last few
// layouts by graph shape. Statuses are not part of the key, so polls never miss it.
const cache = new Map<string, LineageLayout>()
const standIns = new Map<string, LineageLayout>()
const KEEP = 4
// Below this many assets dagre takes a few ms: lay out at once, with no stand-in and no jump.
const WORKER_FROM = 150

/**
 * layoutLineage, memoized by `shape` (a string naming the nodes, groups and edges) and the folds.
 * A big graph's first call returns a provisional layout (columns by topological generation) and
 * lays out with dagre in a worker; subscribeLayouts says when to call again for the real one.
 */
export function cachedLayout(shape: string, input: LayoutInput): LineageLayout {
  const key = `${[...input.collapsed].sort().join(',')}#${shape}`
  const hit = cache.get(key)
  if (hit) return hit
  if (input.nodes.length < WORKER_FROM || typeof Worker === 'undefined') {
    const started = performance.now()
    const layout = layoutLineage(input)
    done(key, layout, started)
    return layout
  }
  let standIn = standIns.get(key)
  if (!standIn) {
    standIn = layoutLineage(input, DEFAULT_SIZES, provisionalPlace)
    remember(standIns, key, standIn)
    request(key, input)
  }
  return standIn
}

const listeners = new Set<() => void>()
let version = 0

/** Calls `listener` whenever a real layout arrives; returns the unsubscribe. */
export function subscribeLayouts(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Changes each time a real layout arrives (for useSyncExternalStore). */
export const layoutsVersion = () => version

let worker: Worker | null = null
let nextId = 0
const inFlight = new Map<number, { key: string; input: LayoutInput; started: number }>()

function request(key: string, input: LayoutInput): void {
  const id = nextId++
  inFlight.set(id, { key, input, started: performance.now() })
  try {
    worker ??= startWorker()
    const message: LayoutRequest = {
      id,
      nodes: input.nodes.map(({ key, group }) => ({ key, group })),
      edges: input.edges.map(({ from, to }) => ({ from, to })),
      collapsed: [...input.collapsed],
    }
    worker.postMessage(message)
  } catch {
    fallBack(id)
  }
}

function startWorker(): Worker {
  const started = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' })
  started.onmessage = (event: MessageEvent<{ id: number; layout?: LineageLayout }>) => {
    const job = inFlight.get(event.data.id)
    if (!job) return
    if (!event.data.layout) return fallBack(event.data.id)
    inFlight.delete(event.data.id)
    done(job.key, event.data.layout, job.started)
  }
  // A worker that cannot start (blocked, old browser): do every waiting layout here instead.
  started.onerror = () => {
    worker = null
    for (const id of [...inFlight.keys()]) fallBack(id)
  }
  return started
}

// Same result, on the main thread: slower to come, but the graph must not stay provisional.
function fallBack(id: number): void {
  const job = inFlight.get(id)
  if (!job) return
  inFlight.delete(id)
  setTimeout(() => done(job.key, layoutLineage(job.input), job.started), 0)
}

function done(key: string, layout: LineageLayout, started: number): void {
  // Read by the scale test (and visible in the browser's performance panel).
  performance.measure('lineage-layout', { start: started, end: performance.now() })
  remember(cache, key, layout)
  if (!standIns.delete(key)) return
  version++
  for (const listener of listeners) listener()
}

function remember(map: Map<string, LineageLayout>, key: string, layout: LineageLayout): void {
  map.set(key, layout)
  if (map.size > KEEP) map.delete(map.keys().next().value as string)
}
