import { useQuery } from '@tanstack/react-query'
import { tickQueryOptions } from '../../api/automation.js'
import { ApiError } from '../../api/http.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'
import { formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'
import { EvaluationItem } from './EvaluationItem.js'

/** One tick: what it requested and, for every asset, why it did or did not request it. */
export function TickDetail(props: { tickId: number }) {
  const detail = useQuery(tickQueryOptions(props.tickId))
  return (
    <Section title={`Tick #${props.tickId}`} id="tick-detail">
      {detail.error && <ErrorPanel error={detail.error} />}
      {detail.isPending && <Loading what="the tick" />}
      {detail.data && (
        <>
          <p className="small">
            {formatTime(detail.data.tick.startedAt)} by <code>{detail.data.tick.daemonId}</code>:{' '}
            {detail.data.tick.requested.length === 0 ? (
              'requested nothing.'
            ) : (
              <>
                requested {detail.data.tick.requested.join(', ')}
                {detail.data.tick.runId && (
                  <>
                    {' '}
                    in run{' '}
                    <Link to={{ name: 'run', runId: detail.data.tick.runId }} className="mono">
                      {detail.data.tick.runId.slice(0, 8)}
                    </Link>
                  </>
                )}
                .
              </>
            )}
          </p>
          {detail.data.tick.error && (
            <ErrorPanel
              error={
                new ApiError(
                  detail.data.tick.error.code,
                  detail.data.tick.error.message,
                  detail.data.tick.error.hint,
                )
              }
              title="The tick failed"
            />
          )}
          <div className="evaluation-list">
            {detail.data.evaluations.map((evaluation) => (
              <EvaluationItem
                key={evaluation.key}
                evaluation={evaluation}
                open={evaluation.outcome === 'requested'}
                extra={
                  evaluation.changed ? null : (
                    <span className="muted small" title="Unchanged since this earlier tick">
                      since #{evaluation.tickId}
                    </span>
                  )
                }
              />
            ))}
          </div>
        </>
      )}
    </Section>
  )
}
