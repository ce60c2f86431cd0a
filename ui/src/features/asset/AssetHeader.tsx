import type { ReactNode } from 'react'
import type { AssetDetail } from '../../../../framework/api/schemas.js'
import { CheckBadge } from '../../components/CheckBadge.js'
import { StatusPill } from '../../components/StatusPill.js'
import { assetState } from '../../lib/asset-state.js'
import { formatCount, formatDuration, formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'

/** Title, status with its causes, definition facts, and the materialize buttons. */
export function AssetHeader(props: {
  asset: AssetDetail
  onMaterialize: (downstream: boolean) => void
  busy: boolean
}) {
  const { asset } = props
  const state = assetState(asset, undefined)
  return (
    <div className="asset-header">
      <div className="asset-title-row">
        <div>
          <div className="muted small">
            <Link to={{ name: 'lineage', select: `key:${asset.key}` }}>{asset.group}</Link>
            {asset.type === 'source' ? ' · source' : ''}
          </div>
          <h1 className="asset-title">{asset.key}</h1>
        </div>
        <StatusPill state={state} />
        <div className="spacer" />
        {asset.type === 'asset' && (
          <>
            <button
              type="button"
              className="btn"
              disabled={props.busy}
              onClick={() => props.onMaterialize(true)}
            >
              Materialize with downstream
            </button>
            <button
              type="button"
              className="btn btn-primary"
              disabled={props.busy}
              onClick={() => props.onMaterialize(false)}
            >
              Materialize
            </button>
          </>
        )}
      </div>
      {asset.description && <p className="asset-description">{asset.description}</p>}
      {(asset.causes.length > 0 || asset.sourceError) && (
        <ul className="causes">
          {asset.sourceError && <li className="cause cause-missing">{asset.sourceError}</li>}
          {asset.causes.map((cause) => (
            <li
              key={`${cause.category}:${cause.message}`}
              className={`cause cause-${cause.category}`}
            >
              {cause.message}
            </li>
          ))}
        </ul>
      )}
      <dl className="facts facts-grid">
        <Fact label="Owners">{asset.owners.length > 0 ? asset.owners.join(', ') : '—'}</Fact>
        <Fact label="Tags">
          {Object.entries(asset.tags).length === 0
            ? '—'
            : Object.entries(asset.tags).map(([name, value]) => (
                <span key={name} className="tag tag-kind">
                  {name}={value}
                </span>
              ))}
        </Fact>
        <Fact label="Kinds">{asset.kinds.length > 0 ? asset.kinds.join(', ') : '—'}</Fact>
        <Fact label="Code version">
          <code>{asset.codeVersion ?? '—'}</code>
        </Fact>
        <Fact label="Storage">{asset.storage ?? (asset.type === 'source' ? 'files' : '—')}</Fact>
        <Fact label="Path">
          <code className="break">{asset.location}</code>
        </Fact>
        {asset.partitionBy.length > 0 && (
          <Fact label="Partitioned by">{asset.partitionBy.join(', ')}</Fact>
        )}
        <Fact label="Last materialized">{formatTime(asset.lastMaterializedAt)}</Fact>
        <Fact label="Rows">{formatCount(asset.rowCount)}</Fact>
        <Fact label="Duration">{formatDuration(asset.latest?.durationMs)}</Fact>
        <Fact label="Checks">
          <CheckBadge checks={asset.checks} />
        </Fact>
      </dl>
    </div>
  )
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}
