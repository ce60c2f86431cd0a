import { useState } from 'react'
import type { StoredRunEvent } from '../../../../framework/api/schemas.js'
import { formatTime } from '../../lib/format.js'
import { eventLine } from './event-text.js'

/** The structured log: every event with time, type, asset and a sentence; filter by asset/text. */
export function RunLog(props: { events: readonly StoredRunEvent[] }) {
  const [filter, setFilter] = useState('')
  const needle = filter.trim().toLowerCase()
  const rows = props.events.map((stored) => ({ stored, line: eventLine(stored.event) }))
  const shown = needle
    ? rows.filter(({ stored, line }) =>
        `${stored.event.type} ${'key' in stored.event ? stored.event.key : ''} ${line.text}`
          .toLowerCase()
          .includes(needle),
      )
    : rows
  return (
    <div className="run-log">
      <input
        className="filter-input"
        placeholder="Filter the log (asset, event type, text)"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
      />
      <table className="log-table" data-testid="run-log">
        <tbody>
          {shown.map(({ stored, line }) => (
            <tr key={stored.id} className={`log-${line.level}`} data-type={stored.event.type}>
              <td className="log-time">{formatTime(stored.event.at).slice(11)}</td>
              <td className="log-type">{stored.event.type.replaceAll('_', ' ')}</td>
              <td className="log-key">{'key' in stored.event ? (stored.event.key ?? '') : ''}</td>
              <td className="log-text">{line.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">No events yet.</p>}
    </div>
  )
}
