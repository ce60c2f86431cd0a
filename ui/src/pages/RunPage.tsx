import { useQuery } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { runQueryOptions, useCancelRun } from '../api/runs.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading, Section } from '../components/Section.js'
import { StatusPill } from '../components/StatusPill.js'
import { RunLog } from '../features/runs/RunLog.js'
import { RunTimeline } from '../features/runs/RunTimeline.js'
import { useRunStream } from '../features/runs/use-run-stream.js'
import { formatDuration, formatTime } from '../lib/format.js'

/** One run: status, a live Gantt of its steps, its structured log, and a cancel button. */
export function RunPage(props: { runId: string }) {
  const detail = useQuery(runQueryOptions(props.runId))
  const stream = useRunStream(props.runId)
  const cancel = useCancelRun(props.runId)
  const active = detail.data?.run.status === 'queued' || detail.data?.run.status === 'running'
  const now = useClock(active)
  if (detail.error) return <ErrorPanel error={detail.error} title={`Run ${props.runId}`} />
  if (!detail.data) return <Loading what="the run" />
  const { run, steps, durationMs, error } = detail.data
  const elapsed = durationMs ?? (run.startedAt ? now - Date.parse(run.startedAt) : null)
  return (
    <div className="page run-page">
      <div className="page-head">
        <div>
          <div className="muted small">Run</div>
          <h1 className="mono">{run.runId}</h1>
        </div>
        <StatusPill state={run.status} />
        <span className={`stream-state stream-${stream.state}`} title="Live event stream">
          {stream.state === 'live'
            ? '● live'
            : stream.state === 'ended'
              ? 'complete'
              : stream.state}
        </span>
        <div className="spacer" />
        {run.cancellable && (
          <button
            type="button"
            className="btn btn-danger"
            disabled={cancel.isPending}
            onClick={() => cancel.mutate()}
          >
            {cancel.isSuccess ? 'Canceling…' : 'Cancel run'}
          </button>
        )}
      </div>
      {cancel.error && <ErrorPanel error={cancel.error} title="Cancel" />}
      {error && <ErrorPanel error={error} title="The run could not start" />}
      <dl className="facts facts-inline">
        <dt>Selection</dt>
        <dd>
          <code>{run.selection}</code>
        </dd>
        <dt>Assets</dt>
        <dd>{run.keys.length}</dd>
        <dt>Launched by</dt>
        <dd>{run.launchedBy}</dd>
        <dt>Created</dt>
        <dd>{formatTime(run.createdAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(elapsed)}</dd>
      </dl>
      <Section title="Timeline" id="timeline">
        {steps.length === 0 ? (
          <p className="muted">No steps.</p>
        ) : (
          <RunTimeline
            steps={steps}
            startedAt={run.startedAt}
            finishedAt={run.finishedAt}
            now={now}
          />
        )}
      </Section>
      <Section title={`Log (${stream.events.length} events)`} id="log">
        <RunLog events={stream.events} />
      </Section>
    </div>
  )
}

/** Date.now(), re-read twice a second while `ticking`, so running bars grow smoothly. */
function useClock(ticking: boolean): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!ticking) return
    const timer = window.setInterval(() => setNow(Date.now()), 500)
    return () => window.clearInterval(timer)
  }, [ticking])
  return ticking ? now : Date.now()
}
