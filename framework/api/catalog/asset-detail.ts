import type { AssetKey } from '../../definitions/asset-key.js'
import type { AnyAsset } from '../../definitions/types.js'
import type { MaterializationEvent } from '../../events/event-types.js'
import type { ApiDeps } from '../deps.js'
import type { AssetDetail, AssetSummary, Column, MaterializationInfo } from '../schemas.js'
import { assetSummaries } from './asset-summaries.js'
import { schemaColumns } from './schema-columns.js'

const SCD2_COLUMNS = ['effective_from', 'effective_to', 'is_current']

/** Everything the asset page shows about one asset or source. */
export async function assetDetail(deps: ApiDeps, key: AssetKey): Promise<AssetDetail> {
  const { definitions, instance } = deps
  const summary = (await assetSummaries(deps)).find((s) => s.key === key) as AssetSummary
  const node = definitions.get(key)
  if (node.type === 'source') {
    return {
      ...summary,
      codeVersion: null,
      location: node.path,
      partitionBy: [],
      columns: [],
      columnsFrom: 'none',
      upstream: [],
      downstream: [...definitions.downstream(key)],
      latest: null,
      scd2: false,
      timeTravel: false,
    }
  }
  const latest = (await instance.store.latestMaterializations([key])).get(key)
  const { columns, from } = assetColumns(node, latest)
  return {
    ...summary,
    codeVersion: node.codeVersion,
    location: instance.storageFor(node).location(key),
    partitionBy: [...node.partitionBy],
    columns,
    columnsFrom: from,
    upstream: [...definitions.upstream(key)],
    downstream: [...definitions.downstream(key)],
    latest: latest === undefined ? null : materializationInfo(latest),
    scd2: isScd2(node, columns),
    timeTravel: node.storage === 'delta',
  }
}

/** The stored table's columns when it was ever written, else what the zod schema declares. */
export function assetColumns(
  asset: AnyAsset,
  latest: MaterializationEvent | undefined,
): { columns: Column[]; from: 'materialization' | 'schema' } {
  if (latest !== undefined && latest.columns.length > 0) {
    return { columns: latest.columns.map((c) => ({ ...c })), from: 'materialization' }
  }
  return { columns: schemaColumns(asset.schema), from: 'schema' }
}

/** SCD Type 2 tables: tagged `scd=2`, of kind `scd2`, or with the three validity columns. */
export function isScd2(asset: AnyAsset, columns: readonly Column[]): boolean {
  if (asset.tags.scd === '2' || asset.kinds.includes('scd2')) return true
  const names = new Set(columns.map((c) => c.name))
  return SCD2_COLUMNS.every((name) => names.has(name))
}

function materializationInfo(event: MaterializationEvent): MaterializationInfo {
  return {
    runId: event.runId,
    at: event.at,
    dataVersion: event.dataVersion,
    codeVersion: event.codeVersion,
    inputVersions: { ...event.inputVersions },
    rowCount: event.rowCount,
    durationMs: event.durationMs,
    storageVersion: event.storageVersion,
    location: event.location,
    metadata: { ...event.metadata },
  }
}
