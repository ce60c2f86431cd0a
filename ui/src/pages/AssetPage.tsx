import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { assetQueryOptions, useMaterializeAsset } from '../api/assets.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading } from '../components/Section.js'
import { AsOfSection } from '../features/asset/AsOfSection.js'
import { LatestMaterialization, Relations, SchemaTable } from '../features/asset/AssetFacts.js'
import { AssetHeader } from '../features/asset/AssetHeader.js'
import { ChecksSection } from '../features/asset/ChecksSection.js'
import { HistoryChart } from '../features/asset/HistoryChart.js'
import { PreviewSection } from '../features/asset/PreviewSection.js'
import { AssetAutomationSection } from '../features/automation/AssetAutomationSection.js'
import { LaunchNotice } from '../features/lineage/LaunchNotice.js'

/** Everything about one asset: definition, status, checks, history, data. */
export function AssetPage(props: { assetKey: string }) {
  const asset = useQuery({
    ...assetQueryOptions(props.assetKey),
    refetchInterval: (query) => (query.state.data?.running ? 1000 : 10_000),
  })
  const materialize = useMaterializeAsset()
  const [launched, setLaunched] = useState<string | null>(null)
  if (asset.error) return <ErrorPanel error={asset.error} title={props.assetKey} />
  if (!asset.data) return <Loading what={props.assetKey} />
  const data = asset.data
  return (
    <div className="page asset-page">
      <AssetHeader
        asset={data}
        busy={materialize.isPending}
        onMaterialize={(downstream) =>
          materialize.mutate(
            { key: data.key, downstream },
            { onSuccess: ({ runId }) => setLaunched(runId) },
          )
        }
      />
      {materialize.error && (
        <ErrorPanel error={materialize.error} title="Could not start the run" />
      )}
      {launched && (
        <LaunchNotice runId={launched} what={data.key} onClose={() => setLaunched(null)} />
      )}
      <div className="asset-grid">
        <div className="asset-main">
          <ChecksSection assetKey={data.key} />
          {data.type === 'asset' && <AssetAutomationSection assetKey={data.key} />}
          {data.type === 'asset' && <HistoryChart assetKey={data.key} />}
          {data.scd2 && data.latest && (
            <AsOfSection assetKey={data.key} defaultDate={data.latest.at.slice(0, 10)} />
          )}
          <PreviewSection asset={data} />
        </div>
        <div className="asset-side">
          <Relations asset={data} />
          <SchemaTable asset={data} />
          <LatestMaterialization asset={data} />
        </div>
      </div>
    </div>
  )
}
