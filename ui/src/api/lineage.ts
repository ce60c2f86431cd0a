import { queryOptions } from '@tanstack/react-query'
import type { LineageResponse } from '../../../framework/api/schemas.js'
import { apiGet } from './http.js'
import { apiPaths } from './paths.js'

/**
 * The whole graph with statuses; `select` is resolved by the server with the CLI's parser, so a
 * bad expression comes back as SELECTION_* with the column. Polls faster while something runs.
 */
export const lineageQueryOptions = (select?: string) =>
  queryOptions({
    queryKey: ['lineage', select ?? null],
    queryFn: ({ signal }) => apiGet<LineageResponse>(apiPaths.lineage(select), signal),
    refetchInterval: (query) =>
      query.state.data?.nodes.some((node) => node.running) ? 1000 : 5000,
    retry: (count, error) => count < 2 && !('column' in error && error.column !== undefined),
  })

/** Just the keys an expression selects (the graph itself comes from lineageQueryOptions()). */
export const selectionQueryOptions = (select: string) =>
  queryOptions({
    queryKey: ['lineage', 'selection', select],
    queryFn: async ({ signal }) =>
      (await apiGet<LineageResponse>(apiPaths.lineage(select), signal)).selected ?? [],
    staleTime: 30_000,
    retry: false,
  })
