import type { ConditionNode } from '../../../../framework/api/schemas.js'

/**
 * The leaves that decided a condition's value (as summarizeEvaluation in
 * framework/automation/explain.ts picks them), kept as nodes so the UI can mark each true or false:
 * for a false `eager`, "✗ missing, ✗ new upstream data"; under a `not`, the leaf that flipped it.
 */
export function decidingParts(condition: ConditionNode): ConditionNode[] {
  const parts: ConditionNode[] = []
  const visit = (node: ConditionNode, want: boolean): void => {
    const children = node.children ?? []
    if (children.length === 0) {
      if (node.value === want) parts.push(node)
      return
    }
    if (node.label === 'not' || children.length === 1) {
      const only = children[0]
      if (only !== undefined) visit(only, node.label === 'not' ? !want : want)
      return
    }
    for (const child of children) if (child.value === want) visit(child, want)
  }
  visit(condition, condition.value)
  return parts
}
