import { useQuery } from '@tanstack/react-query'
import { runsQueryOptions } from '../api/runs.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading } from '../components/Section.js'
import { StatusPill } from '../components/StatusPill.js'
import { formatDuration, formatRelative, formatTime } from '../lib/format.js'
import { Link } from '../router.js'

/** Recent runs with status, what they selected, and how long they took. */
export function RunsPage() {
  const runs = useQuery(runsQueryOptions(100))
  if (runs.error) return <ErrorPanel error={runs.error} title="Runs" />
  if (!runs.data) return <Loading what="runs" />
  const now = Date.now()
  return (
    <div className="page">
      <div className="page-head">
        <h1>Runs</h1>
      </div>
      {runs.data.runs.length === 0 ? (
        <p className="muted">
          No runs yet. Start one from the <Link to={{ name: 'lineage' }}>lineage graph</Link>.
        </p>
      ) : (
        <table className="list-table" data-testid="runs-table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Selection</th>
              <th className="num">Assets</th>
              <th>Launched</th>
              <th>By</th>
              <th className="num">Duration</th>
            </tr>
          </thead>
          <tbody>
            {runs.data.runs.map((run) => {
              const end = run.finishedAt ? Date.parse(run.finishedAt) : now
              const duration = run.startedAt ? end - Date.parse(run.startedAt) : null
              return (
                <tr key={run.runId}>
                  <td>
                    <Link to={{ name: 'run', runId: run.runId }} className="mono">
                      {run.runId.slice(0, 8)}
                    </Link>
                  </td>
                  <td>
                    <StatusPill state={run.status} />
                  </td>
                  <td>
                    <code>{run.selection}</code>
                  </td>
                  <td className="num">{run.keys.length}</td>
                  <td title={formatTime(run.createdAt)}>{formatRelative(run.createdAt, now)}</td>
                  <td>{run.launchedBy}</td>
                  <td className="num">{formatDuration(duration)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </div>
  )
}
