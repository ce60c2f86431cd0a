import { useQuery } from '@tanstack/react-query'
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { materializationsQueryOptions } from '../../api/assets.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'
import { formatCount, formatDuration, formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'

/** Row count and duration of each materialization over time, then the list itself. */
export function HistoryChart(props: { assetKey: string }) {
  const history = useQuery(materializationsQueryOptions(props.assetKey))
  const items = history.data?.materializations ?? []
  const points = [...items].reverse().map((m) => ({
    at: formatTime(m.at).slice(5, 16),
    rows: m.rowCount,
    seconds: Math.round(m.durationMs) / 1000,
  }))
  return (
    <Section title={`Materializations (${items.length})`} id="history">
      {history.error && <ErrorPanel error={history.error} />}
      {history.isPending && <Loading what="history" />}
      {items.length === 0 && history.data && <p className="muted">Never materialized.</p>}
      {items.length > 0 && (
        <>
          <div className="chart" data-testid="history-chart">
            <ResponsiveContainer width="100%" height={220}>
              <LineChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
                <CartesianGrid stroke="#eef0f4" />
                <XAxis dataKey="at" fontSize={11} />
                <YAxis yAxisId="rows" fontSize={11} tickFormatter={(v: number) => formatCount(v)} />
                <YAxis yAxisId="seconds" orientation="right" fontSize={11} unit=" s" />
                <Tooltip />
                <Legend />
                <Line
                  yAxisId="rows"
                  dataKey="rows"
                  name="Rows"
                  stroke="#3b6fe0"
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  isAnimationActive={false}
                />
                <Line
                  yAxisId="seconds"
                  dataKey="seconds"
                  name="Duration (s)"
                  stroke="#c8962e"
                  strokeWidth={2}
                  dot={{ r: 3 }}
                  isAnimationActive={false}
                />
              </LineChart>
            </ResponsiveContainer>
          </div>
          <table className="list-table compact">
            <thead>
              <tr>
                <th>At</th>
                <th>Run</th>
                <th className="num">Rows</th>
                <th className="num">Duration</th>
                <th>Code version</th>
                <th>Delta version</th>
              </tr>
            </thead>
            <tbody>
              {items.slice(0, 10).map((m) => (
                <tr key={`${m.runId}:${m.at}`}>
                  <td>{formatTime(m.at)}</td>
                  <td>
                    <Link to={{ name: 'run', runId: m.runId }}>{m.runId.slice(0, 8)}</Link>
                  </td>
                  <td className="num">{formatCount(m.rowCount)}</td>
                  <td className="num">{formatDuration(m.durationMs)}</td>
                  <td>
                    <code>{m.codeVersion}</code>
                  </td>
                  <td>{m.storageVersion ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Section>
  )
}
