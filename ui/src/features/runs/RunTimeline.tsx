import type { StepSummary } from '../../../../framework/api/schemas.js'
import { StatusPill } from '../../components/StatusPill.js'
import { formatCount, formatDuration } from '../../lib/format.js'
import { Link } from '../../router.js'
import { timelineBars } from './timeline.js'

/**
 * Gantt chart of the run's steps: one row per asset, bars on the run's time axis. Runs on queue
 * workers get a column naming the worker of each step (in-process runs have none to show).
 */
export function RunTimeline(props: {
  steps: readonly StepSummary[]
  startedAt: string | null
  finishedAt: string | null
  now: number
}) {
  const { bars, spanMs } = timelineBars(props.steps, props.startedAt, props.finishedAt, props.now)
  const ticks = [0, 0.25, 0.5, 0.75, 1]
  const onWorkers = props.steps.some((step) => step.worker !== null)
  return (
    <div className={`gantt${onWorkers ? ' on-workers' : ''}`} data-testid="run-timeline">
      <div className="gantt-row gantt-axis">
        <div className="gantt-label" />
        <div className="gantt-track">
          {ticks.map((t) => (
            <span key={t} className="gantt-tick" style={{ left: `${t * 100}%` }}>
              {formatDuration(t * spanMs)}
            </span>
          ))}
        </div>
        {onWorkers && <div className="gantt-worker">Worker</div>}
        <div className="gantt-meta" />
      </div>
      {props.steps.map((step, index) => {
        const bar = bars[index]
        return (
          <div key={step.key} className="gantt-row" data-step={step.key} data-status={step.status}>
            <div className="gantt-label">
              <Link to={{ name: 'asset', key: step.key }}>{step.key}</Link>
            </div>
            <div className="gantt-track">
              {ticks.map((t) => (
                <span key={t} className="gantt-grid" style={{ left: `${t * 100}%` }} />
              ))}
              {bar && bar.width > 0 && (
                <span
                  className={`gantt-bar bar-${step.status}${bar.open ? ' open' : ''}`}
                  style={{ left: `${bar.start * 100}%`, width: `${bar.width * 100}%` }}
                  title={`${step.key}: ${step.status}${step.message ? ` — ${step.message}` : ''}`}
                />
              )}
            </div>
            {onWorkers && <StepWorker step={step} />}
            <div className="gantt-meta">
              <StatusPill state={step.status} />
              <span className="muted small">
                {formatDuration(step.durationMs)}
                {step.rowCount !== null ? ` · ${formatCount(step.rowCount)} rows` : ''}
                {step.checks.length > 0
                  ? ` · ${step.checks.filter((c) => c.status === 'passed').length}/${step.checks.length} checks`
                  : ''}
              </span>
            </div>
          </div>
        )
      })}
    </div>
  )
}

/**
 * The worker that ran the step (its last start), after any that started it before and were lost:
 * `w-1 → w-2`.
 */
function StepWorker(props: { step: StepSummary }) {
  const { worker, workers } = props.step
  const earlier = workers.filter((name) => name !== worker)
  return (
    <div
      className="gantt-worker mono"
      data-worker={worker ?? undefined}
      title={
        worker === null
          ? undefined
          : `Ran on worker ${worker}${earlier.length > 0 ? `; started before on ${earlier.join(', ')}` : ''}`
      }
    >
      {earlier.length > 0 && <span className="muted">{earlier.join(' → ')} → </span>}
      {worker}
    </div>
  )
}
