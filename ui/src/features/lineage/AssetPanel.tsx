import type { AssetSummary } from '../../../../framework/api/schemas.js'
import { CheckBadge } from '../../components/CheckBadge.js'
import { StatusPill } from '../../components/StatusPill.js'
import { assetState, type StepFailure, stateDetail } from '../../lib/asset-state.js'
import { formatCount, formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'

/** Side panel for the one selected asset: status with every cause, quick facts, links. */
export function AssetPanel(props: {
  summary: AssetSummary
  failure: StepFailure | undefined
  onMaterialize: (key: string) => void
  busy: boolean
}) {
  const { summary, failure } = props
  const state = assetState(summary, failure)
  const detail = stateDetail(summary, state, failure)
  return (
    <aside className="side-panel" data-testid="asset-panel">
      <div className="side-panel-title">
        <span className="muted small">{summary.type === 'source' ? 'Source' : summary.group}</span>
        <h3>{summary.key}</h3>
        <StatusPill state={state} />
      </div>
      {summary.description && <p>{summary.description}</p>}
      {state === 'failed' && detail && <p className="cause cause-failed">{detail}</p>}
      {summary.causes.length > 0 && (
        <ul className="causes">
          {summary.causes.map((cause) => (
            <li
              key={`${cause.category}:${cause.message}`}
              className={`cause cause-${cause.category}`}
            >
              {cause.message}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts">
        <dt>Materialized</dt>
        <dd>{formatTime(summary.lastMaterializedAt)}</dd>
        <dt>Rows</dt>
        <dd>{formatCount(summary.rowCount)}</dd>
        <dt>Checks</dt>
        <dd>
          <CheckBadge checks={summary.checks} />
        </dd>
        <dt>Upstream</dt>
        <dd>{summary.deps.length === 0 ? '—' : summary.deps.join(', ')}</dd>
      </dl>
      <div className="side-panel-actions">
        <Link to={{ name: 'asset', key: summary.key }} className="btn">
          Open asset page
        </Link>
        {summary.type === 'asset' && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={props.busy}
            onClick={() => props.onMaterialize(summary.key)}
          >
            Materialize
          </button>
        )}
      </div>
    </aside>
  )
}
