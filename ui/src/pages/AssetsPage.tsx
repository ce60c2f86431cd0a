import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { assetsQueryOptions } from '../api/assets.js'
import { CheckBadge } from '../components/CheckBadge.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading } from '../components/Section.js'
import { StatusPill } from '../components/StatusPill.js'
import { assetState } from '../lib/asset-state.js'
import { formatCount, formatRelative } from '../lib/format.js'
import { Link } from '../router.js'

/** Every asset and source in a sortable-by-eye table, filtered by a substring of key or group. */
export function AssetsPage() {
  const assets = useQuery({ ...assetsQueryOptions(), refetchInterval: 5000 })
  const [filter, setFilter] = useState('')
  if (assets.error) return <ErrorPanel error={assets.error} title="Assets" />
  if (!assets.data) return <Loading what="assets" />
  const needle = filter.trim().toLowerCase()
  const rows = assets.data.assets.filter(
    (asset) =>
      needle === '' || asset.key.includes(needle) || asset.group.toLowerCase().includes(needle),
  )
  return (
    <div className="page">
      <div className="page-head">
        <h1>Assets</h1>
        <input
          className="filter-input"
          placeholder="Filter by key or group"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      </div>
      <table className="list-table">
        <thead>
          <tr>
            <th>Asset</th>
            <th>Group</th>
            <th>Status</th>
            <th>Materialized</th>
            <th className="num">Rows</th>
            <th>Checks</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((asset) => (
            <tr key={asset.key}>
              <td>
                <Link to={{ name: 'asset', key: asset.key }}>{asset.key}</Link>
                {asset.type === 'source' && <span className="tag tag-kind">source</span>}
              </td>
              <td>{asset.group}</td>
              <td>
                <StatusPill
                  state={assetState(asset, undefined)}
                  title={asset.causes[0]?.message ?? ''}
                />
              </td>
              <td title={asset.lastMaterializedAt ?? ''}>
                {formatRelative(asset.lastMaterializedAt)}
              </td>
              <td className="num">{formatCount(asset.rowCount)}</td>
              <td>
                <CheckBadge checks={asset.checks} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
