import type { CheckSummary } from '../../../framework/api/schemas.js'

/** Counts of an asset's checks by latest outcome; zero counts are left out. */
export function CheckBadge(props: { checks: CheckSummary; compact?: boolean }) {
  const { total, passed, warn, failed, errored, notEvaluated } = props.checks
  if (total === 0)
    return props.compact ? null : <span className="checks checks-none">No checks</span>
  const parts: [string, number, string][] = [
    ['passed', passed, '✓'],
    ['warn', warn, '!'],
    ['failed', failed, '✕'],
    ['errored', errored, '⚠'],
    ['pending', notEvaluated, '○'],
  ]
  const title = `Checks: ${passed} passed, ${warn} warn, ${failed} failed, ${errored} errored, ${notEvaluated} not evaluated`
  return (
    <span className="checks" title={title} data-testid="check-badge">
      {parts
        .filter(([, count]) => count > 0)
        .map(([name, count, icon]) => (
          <span key={name} className={`check-count check-${name}`}>
            {icon} {count}
          </span>
        ))}
    </span>
  )
}

/** One check outcome as a tag: passed, warn (failed with severity warn), failed, errored. */
export function CheckStatusTag(props: {
  status: 'passed' | 'failed' | 'errored' | null
  severity: 'warn' | 'error'
}) {
  if (props.status === null) return <span className="tag tag-pending">Not evaluated</span>
  const name = props.status === 'failed' && props.severity === 'warn' ? 'warn' : props.status
  const label = { passed: 'Passed', warn: 'Warning', failed: 'Failed', errored: 'Errored' }[name]
  return (
    <span className={`tag tag-${name}`} data-status={name}>
      {label}
    </span>
  )
}
