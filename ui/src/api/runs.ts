import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type {
  CancelRunResponse,
  LaunchRunBody,
  LaunchRunResponse,
  RunDetail,
  RunsResponse,
} from '../../../framework/api/schemas.js'
import { invalidateAfterLaunch } from './assets.js'
import { apiGet, apiPost } from './http.js'
import { apiPaths } from './paths.js'

const isActive = (status: string) => status === 'queued' || status === 'running'

/** Recent runs, newest first; polls while any of them is going. */
export const runsQueryOptions = (limit = 50) =>
  queryOptions({
    queryKey: ['runs', 'list', limit],
    queryFn: ({ signal }) => apiGet<RunsResponse>(apiPaths.runs(limit), signal),
    refetchInterval: (query) =>
      query.state.data?.runs.some((run) => isActive(run.status)) ? 1000 : 5000,
  })

/** One run with its steps; the run page also refreshes it on every streamed event. */
export const runQueryOptions = (runId: string) =>
  queryOptions({
    queryKey: ['runs', runId],
    queryFn: ({ signal }) => apiGet<RunDetail>(apiPaths.run(runId), signal),
    refetchInterval: (query) => {
      const status = query.state.data?.run.status
      return status !== undefined && isActive(status) ? 2000 : false
    },
  })

/** POST /api/runs: start a run of a selection (optionally only its stale assets). */
export function useLaunchRun() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: LaunchRunBody) => apiPost<LaunchRunResponse>(apiPaths.runs(), body),
    onSuccess: () => invalidateAfterLaunch(queryClient),
  })
}

/** POST /api/runs/:id/cancel. */
export function useCancelRun(runId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => apiPost<CancelRunResponse>(apiPaths.cancelRun(runId)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['runs'] }),
  })
}
