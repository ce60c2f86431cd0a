import { layoutLineage } from './layout.js'

/** What the page sends: a layout input, with the folded groups as an array (sets do clone). */
export interface LayoutRequest {
  readonly id: number
  readonly nodes: readonly { readonly key: string; readonly group: string }[]
  readonly edges: readonly { readonly from: string; readonly to: string }[]
  readonly collapsed: readonly string[]
}

// dagre on 1,000 assets takes seconds: here it does not block painting, panning or clicks.
self.onmessage = (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges, collapsed } = event.data
  const started = performance.now()
  try {
    const layout = layoutLineage({ nodes, edges, collapsed: new Set(collapsed) })
    self.postMessage({ id, layout, ms: performance.now() - started })
  } catch (error) {
    self.postMessage({ id, error: error instanceof Error ? error.message : String(error) })
  }
}
