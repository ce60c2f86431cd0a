/** What the probe records in the page, in ms since navigation start (performance.now()). */
export interface PaintProbe {
  /** The first asset nodes entered the DOM (React Flow's commit). */
  readonly inDomAt: number | null
  /** Start of the first animation frame with a visible asset node in a placed viewport. */
  readonly frameAt: number | null
  /** The task right after that frame: its style, layout and paint have run on the main thread. */
  readonly paintedAt: number | null
  /** Element Timing renderTime of the first asset names: when the browser presented them. */
  readonly presentedAt: number | null
  /** Asset nodes in the DOM in that frame (React Flow renders only the visible ones). */
  readonly nodes: number
}

/**
 * Installed with page.addInitScript, so it runs before the app's scripts. A MutationObserver tags
 * the names of asset nodes for Element Timing as they arrive (before they are painted, as the API
 * needs), and keeps tagging new ones until one is presented: nodes may be replaced before their
 * first paint (a small graph's real layout can land first). From the first arrival it waits,
 * frame by frame, for a node that is visible in a viewport React Flow has placed. A string: the
 * root tsconfig has no DOM types and should not get them.
 */
export const PAINT_PROBE = `(() => {
  const probe = { inDomAt: null, frameAt: null, paintedAt: null, presentedAt: null, nodes: 0 }
  window.__paintProbe = probe
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === 'lineage-node' && probe.presentedAt === null) {
        probe.presentedAt = entry.renderTime || entry.loadTime
      }
    }
  }).observe({ type: 'element', buffered: true })
  const visible = () => {
    const node = document.querySelector('.react-flow__node-asset')
    if (!node || getComputedStyle(node).visibility === 'hidden') return false
    const viewport = document.querySelector('.react-flow__viewport')
    return (viewport?.getAttribute('style') ?? '').includes('scale')
  }
  const onFrame = () => {
    if (!visible()) return requestAnimationFrame(onFrame)
    probe.frameAt = performance.now()
    probe.nodes = document.querySelectorAll('.react-flow__node-asset').length
    const channel = new MessageChannel()
    channel.port1.onmessage = () => { probe.paintedAt = performance.now() }
    channel.port2.postMessage(null)
  }
  const observer = new MutationObserver(() => {
    if (probe.presentedAt !== null) return observer.disconnect()
    const names = document.querySelectorAll('.react-flow__node-asset .asset-node-name:not([elementtiming])')
    if (names.length === 0) return
    for (const name of names) name.setAttribute('elementtiming', 'lineage-node')
    if (probe.inDomAt !== null) return
    probe.inDomAt = performance.now()
    requestAnimationFrame(onFrame)
  })
  observer.observe(document, { childList: true, subtree: true })
})()`
