import { Handle, type NodeProps, Position } from '@xyflow/react'
import { createContext, memo, useContext } from 'react'
import type { AssetState } from '../../lib/asset-state.js'
import type { GroupCollapsedNode, GroupFrameNode, StateCounts } from './flow-elements.js'

/** Lets group nodes fold and unfold without passing callbacks through node data. */
export const GroupToggleContext = createContext<(group: string) => void>(() => {})

const ORDER: AssetState[] = ['failed', 'running', 'missing', 'stale', 'fresh']

function StateStrip(props: { states: StateCounts }) {
  return (
    <span className="state-strip">
      {ORDER.filter((state) => (props.states[state] ?? 0) > 0).map((state) => (
        <span key={state} className={`strip-item strip-${state}`} title={state}>
          {props.states[state]} {state}
        </span>
      ))}
    </span>
  )
}

/** The frame drawn around an expanded group's assets, with a button to collapse it. */
export const GroupFrame = memo(function GroupFrame({ data }: NodeProps<GroupFrameNode>) {
  const toggle = useContext(GroupToggleContext)
  return (
    <div className={`group-frame${data.highlighted ? ' highlighted' : ''}`} data-group={data.group}>
      <div className="group-frame-head">
        <button
          type="button"
          className="group-toggle nodrag"
          onClick={() => toggle(data.group)}
          title="Collapse this group into one node"
          aria-label={`Collapse group ${data.group}`}
        >
          ▾
        </button>
        <span className="group-name">{data.group}</span>
        <span className="group-count">{data.count} assets</span>
        <StateStrip states={data.states} />
      </div>
    </div>
  )
})

/** A collapsed group: one node standing for all its assets and their edges. */
export const GroupCollapsed = memo(function GroupCollapsed({
  data,
}: NodeProps<GroupCollapsedNode>) {
  const toggle = useContext(GroupToggleContext)
  return (
    <div
      className={`group-collapsed${data.highlighted ? ' highlighted' : ''}`}
      data-group={data.group}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <div className="group-frame-head">
        <button
          type="button"
          className="group-toggle nodrag"
          onClick={() => toggle(data.group)}
          title="Expand this group"
          aria-label={`Expand group ${data.group}`}
        >
          ▸
        </button>
        <span className="group-name">{data.group}</span>
      </div>
      <div className="group-collapsed-count">{data.count} assets</div>
      <StateStrip states={data.states} />
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  )
})
