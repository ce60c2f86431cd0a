import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { AssetDetail } from '../../../../framework/api/schemas.js'
import { previewQueryOptions, versionsQueryOptions } from '../../api/assets.js'
import { DataTable } from '../../components/DataTable.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'
import { formatCell, formatTime } from '../../lib/format.js'

/**
 * The first rows of the table; for Delta tables, its commit history and the rows as of any
 * earlier version (time travel).
 */
export function PreviewSection(props: { asset: AssetDetail }) {
  const { asset } = props
  const [version, setVersion] = useState<number | undefined>(undefined)
  const preview = useQuery({
    ...previewQueryOptions(asset.key, version),
    enabled: asset.latest !== null,
  })
  const versions = useQuery({
    ...versionsQueryOptions(asset.key),
    enabled: asset.timeTravel && asset.latest !== null,
  })
  if (asset.type === 'source' || asset.latest === null) return null
  const title = version === undefined ? 'Preview (latest)' : `Preview as of version ${version}`
  return (
    <>
      <Section
        title={title}
        id="preview"
        actions={
          version !== undefined && (
            <button type="button" className="btn btn-small" onClick={() => setVersion(undefined)}>
              Back to latest
            </button>
          )
        }
      >
        {preview.error && <ErrorPanel error={preview.error} />}
        {preview.isPending && <Loading what="rows" />}
        {preview.data && (
          <DataTable
            columns={preview.data.columns}
            rows={preview.data.rows}
            empty="The table is empty."
          />
        )}
      </Section>
      {asset.timeTravel && (
        <Section title="Delta versions" id="versions">
          {versions.error && <ErrorPanel error={versions.error} />}
          {versions.isPending && <Loading what="versions" />}
          {versions.data && (
            <table className="list-table compact">
              <thead>
                <tr>
                  <th>Version</th>
                  <th>Committed</th>
                  <th>Operation</th>
                  <th>Metrics</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {versions.data.versions.map((v) => (
                  <tr key={v.version} className={v.version === version ? 'row-current' : undefined}>
                    <td>{v.version}</td>
                    <td>{formatTime(v.timestamp)}</td>
                    <td>{v.operation ?? '—'}</td>
                    <td className="muted small wide">
                      {Object.entries(v.metrics)
                        .slice(0, 4)
                        .map(([name, value]) => `${name}=${formatCell(value)}`)
                        .join(' · ')}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setVersion(v.version)}
                      >
                        Read as of v{v.version}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
    </>
  )
}
