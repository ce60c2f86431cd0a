import type { ConditionEvaluation, EvaluationOutcome } from './evaluation-types.js'

const OUTCOME: Record<EvaluationOutcome, string> = {
  requested: 'requested',
  false: 'not requested: its condition is false',
  in_progress: 'not requested: its condition is true, but a run is materializing it',
  disabled: 'not requested: its condition is true, but automation is off for it',
}

/** What an outcome means, in words. */
export function describeOutcome(outcome: EvaluationOutcome): string {
  return OUTCOME[outcome]
}

/**
 * An evaluated condition as indented lines, "✓" for true and "✗" for false:
 *   ✓ eager
 *     ✓ any of
 *       ✗ missing
 *       ✓ new upstream data: new data from bronze/events
 */
export function explainEvaluation(condition: ConditionEvaluation, indent = ''): string[] {
  const mark = condition.value ? '✓' : '✗'
  const detail = condition.detail === undefined ? '' : `: ${condition.detail}`
  const lines = [`${indent}${mark} ${condition.label}${detail}`]
  for (const child of condition.children ?? []) {
    lines.push(...explainEvaluation(child, `${indent}  `))
  }
  return lines
}

/**
 * The leaves that decided the outcome, in one line, e.g. "✗ missing; ✗ new upstream data" for an
 * eager asset with nothing to do, or "✓ upstream in progress (being materialized: bronze/x)".
 */
export function summarizeEvaluation(condition: ConditionEvaluation): string {
  const deciding: string[] = []
  const visit = (node: ConditionEvaluation, want: boolean): void => {
    const children = node.children ?? []
    if (children.length === 0) {
      if (node.value === want)
        deciding.push(`${node.label}${node.detail ? ` (${node.detail})` : ''}`)
      return
    }
    if (node.label === 'not' || children.length === 1) {
      const only = children[0] as ConditionEvaluation
      visit(only, node.label === 'not' ? !want : want)
      return
    }
    for (const child of children) if (child.value === want) visit(child, want)
  }
  visit(condition, condition.value)
  return deciding.join('; ')
}
