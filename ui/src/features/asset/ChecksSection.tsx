import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { checkHistoryQueryOptions, checksQueryOptions } from '../../api/checks.js'
import { CheckStatusTag } from '../../components/CheckBadge.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'
import { formatDuration, formatRelative, formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'

/** Every check of the asset with its latest outcome and message; each opens its history. */
export function ChecksSection(props: { assetKey: string }) {
  const checks = useQuery(checksQueryOptions(props.assetKey))
  const [open, setOpen] = useState<string | null>(null)
  const list = checks.data?.checks ?? []
  return (
    <Section title={`Checks (${list.length})`} id="checks">
      {checks.error && <ErrorPanel error={checks.error} />}
      {checks.isPending && <Loading what="checks" />}
      {checks.data && list.length === 0 && <p className="muted">This asset has no checks.</p>}
      <ul className="check-list">
        {list.map((check) => (
          <li key={check.name} className="check-item" data-check={check.name}>
            <button
              type="button"
              className="check-row"
              onClick={() => setOpen(open === check.name ? null : check.name)}
              aria-expanded={open === check.name}
            >
              <CheckStatusTag status={check.latest?.status ?? null} severity={check.severity} />
              <span className="check-name">{check.name}</span>
              <span className="muted small">
                {check.severity}
                {check.blocking ? ' · blocking' : ''}
              </span>
              <span className="spacer" />
              <span className="muted small">
                {check.latest ? formatRelative(check.latest.at) : 'never run'}
              </span>
            </button>
            {check.description && <p className="check-description">{check.description}</p>}
            {check.latest?.message && <p className="check-message">{check.latest.message}</p>}
            {open === check.name && <CheckHistory assetKey={props.assetKey} check={check.name} />}
          </li>
        ))}
      </ul>
    </Section>
  )
}

function CheckHistory(props: { assetKey: string; check: string }) {
  const history = useQuery(checkHistoryQueryOptions(props.assetKey, props.check))
  if (history.error) return <ErrorPanel error={history.error} />
  if (!history.data) return <Loading what="history" />
  const evaluations = history.data.evaluations
  return (
    <div className="check-history">
      <div className="history-strip" title="Oldest to newest">
        {[...evaluations].reverse().map((e) => (
          <span
            key={`${e.runId}:${e.at}`}
            className={`history-dot dot-${e.status === 'failed' && e.severity === 'warn' ? 'warn' : e.status}`}
            title={`${formatTime(e.at)}: ${e.status}${e.message ? ` — ${e.message}` : ''}`}
          />
        ))}
      </div>
      <table className="list-table compact">
        <tbody>
          {evaluations.slice(0, 15).map((e) => (
            <tr key={`${e.runId}:${e.at}`}>
              <td>{formatTime(e.at)}</td>
              <td>
                <CheckStatusTag status={e.status} severity={e.severity} />
              </td>
              <td className="wide">{e.message ?? ''}</td>
              <td className="num">{formatDuration(e.durationMs)}</td>
              <td>
                <Link to={{ name: 'run', runId: e.runId }}>{e.runId.slice(0, 8)}</Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
