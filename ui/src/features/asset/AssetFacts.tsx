import type { AssetDetail } from '../../../../framework/api/schemas.js'
import { Section } from '../../components/Section.js'
import { formatCell, formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'

/** Upstream and downstream assets, as links. */
export function Relations(props: { asset: AssetDetail }) {
  const list = (keys: readonly string[], none: string) =>
    keys.length === 0 ? (
      <p className="muted">{none}</p>
    ) : (
      <ul className="key-list">
        {keys.map((key) => (
          <li key={key}>
            <Link to={{ name: 'asset', key }}>{key}</Link>
          </li>
        ))}
      </ul>
    )
  return (
    <Section title="Lineage" id="relations">
      <div className="two-col">
        <div>
          <h3>Upstream</h3>
          {list(props.asset.upstream, 'No upstream assets.')}
        </div>
        <div>
          <h3>Downstream</h3>
          {list(props.asset.downstream, 'Nothing depends on this asset.')}
        </div>
      </div>
    </Section>
  )
}

/** The column schema, from the latest table or the declared schema. */
export function SchemaTable(props: { asset: AssetDetail }) {
  const { columns, columnsFrom } = props.asset
  const from = { materialization: 'from the latest table', schema: 'declared', none: '' }[
    columnsFrom
  ]
  return (
    <Section title={`Columns${from ? ` (${from})` : ''}`} id="schema">
      {columns.length === 0 ? (
        <p className="muted">No schema known until the asset is materialized.</p>
      ) : (
        <table className="list-table compact">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Nullable</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <tr key={column.name}>
                <td>
                  <code>{column.name}</code>
                </td>
                <td className="muted">{column.type}</td>
                <td>{column.nullable ? 'yes' : 'no'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  )
}

/** The latest materialization: where it came from and the metadata the asset reported. */
export function LatestMaterialization(props: { asset: AssetDetail }) {
  const latest = props.asset.latest
  return (
    <Section title="Latest materialization" id="latest">
      {!latest ? (
        <p className="muted">Never materialized.</p>
      ) : (
        <dl className="facts">
          <dt>At</dt>
          <dd>{formatTime(latest.at)}</dd>
          <dt>Run</dt>
          <dd>
            <Link to={{ name: 'run', runId: latest.runId }}>{latest.runId}</Link>
          </dd>
          <dt>Data version</dt>
          <dd>
            <code>{latest.dataVersion}</code>
          </dd>
          {latest.storageVersion !== null && (
            <>
              <dt>Delta version</dt>
              <dd>{latest.storageVersion}</dd>
            </>
          )}
          {Object.entries(latest.inputVersions).map(([key, version]) => (
            <Pair key={`in:${key}`} label={`input ${key}`} value={version} />
          ))}
          {Object.entries(latest.metadata).map(([key, value]) => (
            <Pair key={`md:${key}`} label={key} value={formatCell(value)} />
          ))}
        </dl>
      )}
    </Section>
  )
}

function Pair(props: { label: string; value: string }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        <code className="break">{props.value}</code>
      </dd>
    </>
  )
}
