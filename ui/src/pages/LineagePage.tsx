import { useQuery } from '@tanstack/react-query'
import { useCallback, useMemo, useState } from 'react'
import type { AssetSummary } from '../../../framework/api/schemas.js'
import { useMaterializeAsset } from '../api/assets.js'
import { lineageQueryOptions } from '../api/lineage.js'
import { useLaunchRun } from '../api/runs.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading } from '../components/Section.js'
import { AssetPanel } from '../features/lineage/AssetPanel.js'
import { flowElements } from '../features/lineage/flow-elements.js'
import { GroupToggleContext } from '../features/lineage/GroupNodes.js'
import { LaunchNotice } from '../features/lineage/LaunchNotice.js'
import { LineageGraph } from '../features/lineage/LineageGraph.js'
import { cachedLayout } from '../features/lineage/layout-cache.js'
import { SelectionBar } from '../features/lineage/SelectionBar.js'
import { useCollapsedGroups } from '../features/lineage/use-collapsed-groups.js'
import { useFailedSteps } from '../features/lineage/use-failed-steps.js'
import { useLineageSelection } from '../features/lineage/use-lineage-selection.js'
import { navigate } from '../router.js'

/** The asset graph: statuses, selection, and the buttons that start runs. */
export function LineagePage(props: { select?: string }) {
  const lineage = useQuery(lineageQueryOptions())
  const failures = useFailedSteps()
  const selection = useLineageSelection(props.select)
  const [collapsed, toggleGroup] = useCollapsedGroups()
  const launch = useLaunchRun()
  const materialize = useMaterializeAsset()
  const [launched, setLaunched] = useState<{ runId: string; what: string } | null>(null)

  const data = lineage.data
  // Only the graph's shape goes into the layout's memo key: polls that change statuses reuse it.
  const shape = useMemo(() => {
    if (!data) return ''
    const nodes = data.nodes.map((node) => `${node.key}@${node.group}`).join('|')
    return `${nodes}#${data.edges.map((edge) => `${edge.from}>${edge.to}`).join('|')}`
  }, [data])
  // biome-ignore lint/correctness/useExhaustiveDependencies: `shape` stands for data's nodes and edges
  const layout = useMemo(
    () => (data ? cachedLayout(shape, { nodes: data.nodes, edges: data.edges, collapsed }) : null),
    [shape, collapsed],
  )
  const summaries = useMemo(
    () => new Map<string, AssetSummary>(data?.nodes.map((node) => [node.key, node]) ?? []),
    [data],
  )
  const elements = useMemo(
    () => (layout ? flowElements(layout, summaries, failures, selection.selected) : null),
    [layout, summaries, failures, selection.selected],
  )

  const openAsset = useCallback((key: string) => navigate({ name: 'asset', key }), [])
  const selectedAssets = [...selection.selected].filter(
    (key) => summaries.get(key)?.type === 'asset',
  )
  const start = (select: string, what: string, staleOnly = false) =>
    launch.mutate(
      { select, ...(staleOnly ? { staleOnly } : {}) },
      { onSuccess: ({ runId }) => setLaunched({ runId, what }) },
    )
  const single =
    selection.selected.size === 1 ? summaries.get([...selection.selected][0] ?? '') : undefined

  return (
    <div className="lineage-page">
      <div className="toolbar">
        <SelectionBar
          expression={props.select ?? ''}
          selectedCount={selection.selected.size}
          onSubmit={(select) =>
            navigate(select ? { name: 'lineage', select } : { name: 'lineage' }, { replace: true })
          }
          onClear={() => {
            selection.clear()
            navigate({ name: 'lineage' }, { replace: true })
          }}
        />
        <div className="toolbar-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={selectedAssets.length === 0 || launch.isPending}
            onClick={() =>
              start(
                selection.expression ?? selectedAssets.map((key) => `key:${key}`).join(', '),
                `${selectedAssets.length} selected`,
              )
            }
          >
            Materialize selected{selectedAssets.length > 0 ? ` (${selectedAssets.length})` : ''}
          </button>
          <button
            type="button"
            className="btn"
            disabled={launch.isPending}
            onClick={() => start('*', 'stale assets', true)}
          >
            Materialize stale
          </button>
          <button
            type="button"
            className="btn"
            disabled={launch.isPending}
            onClick={() => start('*', 'all assets')}
          >
            Materialize all
          </button>
        </div>
      </div>
      {selection.error && (
        <ErrorPanel error={selection.error} expression={props.select ?? ''} title="Selection" />
      )}
      {launch.error && <ErrorPanel error={launch.error} title="Could not start the run" />}
      {materialize.error && (
        <ErrorPanel error={materialize.error} title="Could not start the run" />
      )}
      {launched && <LaunchNotice {...launched} onClose={() => setLaunched(null)} />}
      {lineage.error && !data && <ErrorPanel error={lineage.error} title="Lineage" />}
      {!data && !lineage.error && <Loading what="the asset graph" />}
      {elements && (
        <div className="lineage-body">
          <GroupToggleContext.Provider value={toggleGroup}>
            <LineageGraph
              bounds={layout ?? { width: 1, height: 1 }}
              nodes={elements.nodes}
              edges={elements.edges}
              onNodeClick={selection.click}
              onNodeOpen={openAsset}
              onPaneClick={selection.clear}
            />
          </GroupToggleContext.Provider>
          {single && (
            <AssetPanel
              summary={single}
              failure={failures.get(single.key)}
              busy={materialize.isPending}
              onMaterialize={(key) =>
                materialize.mutate(
                  { key },
                  { onSuccess: ({ runId }) => setLaunched({ runId, what: key }) },
                )
              }
            />
          )}
        </div>
      )}
    </div>
  )
}
