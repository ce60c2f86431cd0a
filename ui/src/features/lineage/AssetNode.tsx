import { Handle, type NodeProps, Position, type ReactFlowState, useStore } from '@xyflow/react'
import { memo } from 'react'
import { CheckBadge } from '../../components/CheckBadge.js'
import { StatusPill } from '../../components/StatusPill.js'
import { formatCount, formatRelative, splitKey } from '../../lib/format.js'
import type { AssetFlowNode } from './flow-elements.js'

// Below this zoom the text is unreadable anyway: draw a colored box with the name, which is much
// cheaper when a whole 1,000-asset graph is on screen.
const COMPACT_ZOOM = 0.3
const isCompact = (state: ReactFlowState) => state.transform[2] < COMPACT_ZOOM

/** One asset on the graph: name, status (with its cause), last materialization, checks. */
export const AssetNode = memo(function AssetNode({ data }: NodeProps<AssetFlowNode>) {
  const { summary, state, detail, highlighted, dimmed } = data
  const compact = useStore(isCompact)
  const { layer, name } = splitKey(summary.key)
  const classes = ['asset-node', `state-${state}`]
  if (highlighted) classes.push('highlighted')
  if (dimmed) classes.push('dimmed')
  // Not 'source': React Flow finds source handles by that class name inside a node.
  if (summary.type === 'source') classes.push('is-source')
  if (compact) {
    return (
      <div className={`${classes.join(' ')} compact`} data-key={summary.key} data-state={state}>
        <Handle type="target" position={Position.Left} isConnectable={false} />
        <div className="asset-node-name">{name}</div>
        <Handle type="source" position={Position.Right} isConnectable={false} />
      </div>
    )
  }
  return (
    <div className={classes.join(' ')} data-key={summary.key} data-state={state}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="asset-node-head">
        <span className="asset-node-layer">{summary.type === 'source' ? 'source' : layer}</span>
        {summary.automation !== null && (
          <span
            className={`auto-badge auto-${summary.automation}`}
            data-automation={summary.automation}
            title={
              summary.automation === 'on'
                ? 'Automated: the daemon materializes it when its policy says so'
                : 'Automation is switched off for it'
            }
          >
            auto
          </span>
        )}
        <StatusPill state={state} />
      </div>
      <div className="asset-node-name" title={summary.key}>
        {name}
      </div>
      <div className="asset-node-detail" title={detail ?? undefined}>
        {detail ?? summary.description}
      </div>
      <div className="asset-node-foot">
        <span title={summary.lastMaterializedAt ?? 'never materialized'}>
          {summary.type === 'source' ? 'observed' : formatRelative(summary.lastMaterializedAt)}
        </span>
        {summary.rowCount !== null && <span>{formatCount(summary.rowCount)} rows</span>}
        <CheckBadge checks={summary.checks} compact />
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  )
})
