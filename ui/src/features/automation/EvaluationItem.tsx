import type { ReactNode } from 'react'
import type { AutomationEvaluation, EvaluationOutcome } from '../../../../framework/api/schemas.js'
import { Link } from '../../router.js'
import { ConditionTree } from './ConditionTree.js'
import { decidingParts } from './deciding-parts.js'

const OUTCOME: Record<EvaluationOutcome, { label: string; tag: string }> = {
  requested: { label: 'Requested', tag: 'tag-passed' },
  false: { label: 'Not requested', tag: 'tag-pending' },
  in_progress: { label: 'In progress', tag: 'tag-running' },
  disabled: { label: 'Switched off', tag: 'tag-warn' },
}

/** What the daemon decided for an asset, as a small colored tag. */
export function OutcomeTag(props: { outcome: EvaluationOutcome }) {
  const { label, tag } = OUTCOME[props.outcome]
  return (
    <span className={`tag ${tag}`} data-outcome={props.outcome}>
      {label}
    </span>
  )
}

/**
 * One recorded evaluation: a line with the outcome and the parts that decided it, which opens on
 * the whole condition tree. `title` replaces the asset key (the asset page knows its key).
 */
export function EvaluationItem(props: {
  evaluation: AutomationEvaluation
  title?: ReactNode
  extra?: ReactNode
  open?: boolean
}) {
  const { evaluation } = props
  return (
    <details className="evaluation" open={props.open} data-key={evaluation.key}>
      <summary className="evaluation-row">
        <span className="evaluation-title">
          {props.title ?? (
            <Link to={{ name: 'asset', key: evaluation.key }} className="mono">
              {evaluation.key}
            </Link>
          )}
        </span>
        <OutcomeTag outcome={evaluation.outcome} />
        <span className="evaluation-summary" title={evaluation.summary}>
          {decidingParts(evaluation.condition).map((part, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, rendered whole
            <span key={index} className={`part part-${part.value}`}>
              {part.value ? '✓' : '✗'} {part.label}
            </span>
          ))}
        </span>
        {props.extra}
      </summary>
      <div className="evaluation-body">
        <p className="muted small">
          {sentence(evaluation.outcomeText)} (recorded at tick{' '}
          <Link to={{ name: 'automation', tick: evaluation.tickId }}>{evaluation.tickId}</Link>)
        </p>
        <ConditionTree condition={evaluation.condition} />
      </div>
    </details>
  )
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
