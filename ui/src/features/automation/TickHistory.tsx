import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { ticksQueryOptions } from '../../api/automation.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'
import { formatRelative, formatTime } from '../../lib/format.js'
import { Link, navigate } from '../../router.js'

const SHOWN_KEYS = 3

/** The newest ticks: when, what they requested, the run they launched; a row opens its detail. */
export function TickHistory(props: { selected: number | undefined }) {
  const [limit, setLimit] = useState(25)
  const ticks = useQuery(ticksQueryOptions(limit))
  const list = ticks.data?.ticks ?? []
  return (
    <Section title="Ticks" id="ticks">
      {ticks.error && <ErrorPanel error={ticks.error} />}
      {ticks.isPending && <Loading what="ticks" />}
      {ticks.data && list.length === 0 && (
        <p className="muted">No tick yet: no daemon has evaluated this instance.</p>
      )}
      {list.length > 0 && (
        <table className="list-table compact" data-testid="ticks-table">
          <thead>
            <tr>
              <th>Tick</th>
              <th>At</th>
              <th>Requested</th>
              <th>Run</th>
            </tr>
          </thead>
          <tbody>
            {list.map((tick) => (
              <tr
                key={tick.id}
                className={`clickable${tick.id === props.selected ? ' row-current' : ''}`}
                data-tick={tick.id}
                onClick={() => navigate({ name: 'automation', tick: tick.id }, { replace: true })}
              >
                <td className="mono">#{tick.id}</td>
                <td className="nowrap" title={formatTime(tick.finishedAt)}>
                  {formatRelative(tick.finishedAt)}
                </td>
                <td className="wide">
                  {tick.status === 'failure' ? (
                    <span className="tag tag-failed" title={tick.error?.message}>
                      failed
                    </span>
                  ) : tick.requested.length === 0 ? (
                    <span className="muted">nothing</span>
                  ) : (
                    <span title={tick.requested.join('\n')}>
                      {tick.requested.slice(0, SHOWN_KEYS).join(', ')}
                      {tick.requested.length > SHOWN_KEYS &&
                        ` +${tick.requested.length - SHOWN_KEYS} more`}
                    </span>
                  )}
                </td>
                <td>
                  {tick.runId && (
                    <Link to={{ name: 'run', runId: tick.runId }} className="mono">
                      {tick.runId.slice(0, 8)}
                    </Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.length === limit && limit < 1000 && (
        <button type="button" className="btn btn-small" onClick={() => setLimit(limit * 2)}>
          Show older ticks
        </button>
      )}
    </Section>
  )
}
