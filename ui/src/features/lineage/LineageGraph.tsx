import {
  Background,
  Controls,
  type Edge,
  MiniMap,
  type NodeMouseHandler,
  type NodeTypes,
  ReactFlow,
  type Viewport,
} from '@xyflow/react'
import { startTransition, useCallback, useEffect, useState } from 'react'
import { AssetNode } from './AssetNode.js'
import type { LineageFlowNode } from './flow-elements.js'
import { GroupCollapsed, GroupFrame } from './GroupNodes.js'
import './lineage-graph.css'

// Module level: a new object per render would make React Flow re-create every node.
const nodeTypes: NodeTypes = {
  asset: AssetNode,
  groupFrame: GroupFrame,
  groupCollapsed: GroupCollapsed,
}

const MINIMAP_COLORS: Record<string, string> = {
  fresh: '#2f9e63',
  stale: '#d69e2e',
  missing: '#a0a7b4',
  running: '#3b6fe0',
  failed: '#d9434f',
}

// Below this zoom, nodes hide their small print (CSS), which keeps a 1,000-asset overview light.
const DETAIL_ZOOM = 0.5
// A graph that only fits below this zoom opens at READABLE_ZOOM on its upstream end instead: at
// 0.05 nobody can read a node, and drawing all of them first makes the first paint slow.
const MIN_FIT_ZOOM = 0.3
const READABLE_ZOOM = 0.75
// Below this zoom an edge is thinner than a quarter pixel: drawing 1,500 of them cost most of
// each frame of a pan over the whole graph (9 fps at 1,000 assets), so they are left out.
const EDGE_ZOOM = 0.18
const NO_EDGES: Edge[] = []

/** The lineage canvas. Clicks report the node and whether shift was held; the page decides. */
export function LineageGraph(props: {
  /** Size of the laid-out graph, to choose the first viewport. */
  bounds: { width: number; height: number }
  nodes: LineageFlowNode[]
  edges: Edge[]
  onNodeClick: (id: string, additive: boolean) => void
  onNodeOpen: (id: string) => void
  onPaneClick: () => void
}) {
  const { onNodeClick, onNodeOpen } = props
  const [zoomedOut, setZoomedOut] = useState(false)
  const [farOut, setFarOut] = useState(false)
  const handleClick: NodeMouseHandler<LineageFlowNode> = useCallback(
    (event, node) => {
      if (node.type === 'asset') onNodeClick(node.id, event.shiftKey || event.metaKey)
    },
    [onNodeClick],
  )
  const handleDoubleClick: NodeMouseHandler<LineageFlowNode> = useCallback(
    (_event, node) => {
      if (node.type === 'asset') onNodeOpen(node.id)
    },
    [onNodeOpen],
  )
  const zoomTo = useCallback((zoom: number) => {
    setZoomedOut(zoom < DETAIL_ZOOM)
    setFarOut(zoom < EDGE_ZOOM)
  }, [])
  const handleMove = useCallback(
    (_event: unknown, viewport: Viewport) => zoomTo(viewport.zoom),
    [zoomTo],
  )
  // The minimap draws every node (1,000 SVG shapes at 1,000 assets, ~15% of the first paint's
  // main-thread time): it arrives in a render after the first one, so the graph shows first.
  const [showMiniMap, setShowMiniMap] = useState(false)
  useEffect(() => startTransition(() => setShowMiniMap(true)), [])
  const { width, height } = props.bounds
  // Decided once per mount from the window, so the first frame is already the right one.
  const [fits] = useState(
    () =>
      Math.min((window.innerWidth - 80) / width, (window.innerHeight - 160) / height) >=
      MIN_FIT_ZOOM,
  )
  const initial = fits
    ? { fitView: true, fitViewOptions: { padding: 0.08, maxZoom: 1 } }
    : { defaultViewport: { x: 24, y: 24, zoom: READABLE_ZOOM } }
  return (
    <div
      className={`lineage-canvas${zoomedOut ? ' zoomed-out' : ''}${farOut ? ' far-out' : ''}`}
      data-testid="lineage-canvas"
    >
      <ReactFlow
        nodes={props.nodes}
        edges={farOut ? NO_EDGES : props.edges}
        nodeTypes={nodeTypes}
        onNodeClick={handleClick}
        onNodeDoubleClick={handleDoubleClick}
        onPaneClick={props.onPaneClick}
        onMove={handleMove}
        onInit={(instance) => zoomTo(instance.getZoom())}
        {...initial}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable={false}
        zoomOnDoubleClick={false}
        minZoom={0.03}
        maxZoom={2}
      >
        {/* Far out its dots would be ~1 px apart: a million pattern tiles repainted per frame. */}
        {!farOut && <Background gap={24} size={1} color="#dfe3ea" />}
        {farOut && props.edges.length > 0 && (
          <div className="lineage-edge-hint" data-testid="edge-hint">
            Zoom in to see the {props.edges.length.toLocaleString()} edges
          </div>
        )}
        <Controls showInteractive={false} />
        {showMiniMap && (
          <MiniMap
            pannable
            zoomable
            style={{ width: 168, height: 112 }}
            nodeColor={(node) =>
              node.type === 'asset'
                ? (MINIMAP_COLORS[String(node.data.state)] ?? '#a0a7b4')
                : node.type === 'groupFrame'
                  ? 'rgba(120,130,150,0.08)'
                  : '#7c8597'
            }
          />
        )}
      </ReactFlow>
    </div>
  )
}
