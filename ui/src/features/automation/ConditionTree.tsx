import type { ConditionNode } from '../../../../framework/api/schemas.js'

/**
 * An evaluated condition, each part true (green ✓) or false (grey ✗) with what made it so: the
 * answer to "why did this run / why didn't it run?".
 */
export function ConditionTree(props: { condition: ConditionNode }) {
  return (
    <ul className="cond-tree" data-testid="condition-tree">
      <ConditionItem node={props.condition} />
    </ul>
  )
}

function ConditionItem(props: { node: ConditionNode }) {
  const { node } = props
  const children = node.children ?? []
  return (
    <li className={`cond cond-${node.value}`} data-value={node.value}>
      <div className="cond-line">
        <span className="cond-mark" title={node.value ? 'true' : 'false'}>
          {node.value ? '✓' : '✗'}
        </span>
        <span className="cond-label">{node.label}</span>
        {node.detail && <span className="cond-detail">{node.detail}</span>}
      </div>
      {children.length > 0 && (
        <ul>
          {children.map((child, index) => (
            // Siblings may share a label (two "not"s): the position tells them apart.
            // biome-ignore lint/suspicious/noArrayIndexKey: the tree is rendered whole, never reordered
            <ConditionItem key={index} node={child} />
          ))}
        </ul>
      )}
    </li>
  )
}
