import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type {
  AsOfResponse,
  AssetDetail,
  AssetsResponse,
  LaunchRunResponse,
  MaterializationsResponse,
  PreviewResponse,
  VersionsResponse,
} from '../../../framework/api/schemas.js'
import { apiGet, apiPost } from './http.js'
import { apiPaths } from './paths.js'

/** Every asset and source with its status (GET /api/assets). */
export const assetsQueryOptions = (select?: string) =>
  queryOptions({
    queryKey: ['assets', 'list', select ?? null],
    queryFn: ({ signal }) => apiGet<AssetsResponse>(apiPaths.assets(select), signal),
  })

/** One asset's page data (GET /api/assets/:key). */
export const assetQueryOptions = (key: string) =>
  queryOptions({
    queryKey: ['assets', key],
    queryFn: ({ signal }) => apiGet<AssetDetail>(apiPaths.asset(key), signal),
  })

/** Materialization history, newest first. */
export const materializationsQueryOptions = (key: string, limit = 100) =>
  queryOptions({
    queryKey: ['assets', key, 'materializations', limit],
    queryFn: ({ signal }) =>
      apiGet<MaterializationsResponse>(apiPaths.materializations(key, limit), signal),
  })

/** The first rows, optionally at an earlier Delta version (time travel). */
export const previewQueryOptions = (key: string, version?: number, limit = 20) =>
  queryOptions({
    queryKey: ['assets', key, 'preview', version ?? null, limit],
    queryFn: ({ signal }) =>
      apiGet<PreviewResponse>(
        apiPaths.preview(key, version === undefined ? { limit } : { limit, version }),
        signal,
      ),
  })

/** Delta commits of a table, newest first. */
export const versionsQueryOptions = (key: string) =>
  queryOptions({
    queryKey: ['assets', key, 'versions'],
    queryFn: ({ signal }) => apiGet<VersionsResponse>(apiPaths.versions(key), signal),
  })

/** Rows of an SCD2 table valid on `date` (YYYY-MM-DD). */
export const asOfQueryOptions = (key: string, date: string) =>
  queryOptions({
    queryKey: ['assets', key, 'as-of', date],
    queryFn: ({ signal }) => apiGet<AsOfResponse>(apiPaths.asOf(key, date), signal),
  })

/** POST /api/assets/:key/materialize; refreshes every asset view and the run list. */
export function useMaterializeAsset() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (vars: { key: string; downstream?: boolean }) =>
      apiPost<LaunchRunResponse>(
        apiPaths.materialize(vars.key),
        vars.downstream ? { downstream: true } : {},
      ),
    onSuccess: () => invalidateAfterLaunch(queryClient),
  })
}

/** After a launch: statuses change (running), and the run list has a new run. */
export function invalidateAfterLaunch(queryClient: ReturnType<typeof useQueryClient>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['assets'] }),
    queryClient.invalidateQueries({ queryKey: ['lineage'] }),
    queryClient.invalidateQueries({ queryKey: ['runs'] }),
  ])
}
