import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query'
import type {
  AssetAutomationResponse,
  AutomationResponse,
  AutomationSwitchResponse,
  TickDetailResponse,
  TicksResponse,
} from '../../../framework/api/schemas.js'
import { apiGet, apiPost } from './http.js'
import { apiPaths } from './paths.js'

// The daemon ticks every few seconds in the server: poll, so the page follows it without reloads.
const POLL_MS = 2000

/** Daemon state, the global switch and every policy with its last evaluation. */
export const automationQueryOptions = () =>
  queryOptions({
    queryKey: ['automation', 'status'],
    queryFn: ({ signal }) => apiGet<AutomationResponse>(apiPaths.automation(), signal),
    refetchInterval: POLL_MS,
  })

/** The newest ticks. */
export const ticksQueryOptions = (limit = 25) =>
  queryOptions({
    queryKey: ['automation', 'ticks', limit],
    queryFn: ({ signal }) => apiGet<TicksResponse>(apiPaths.automationTicks(limit), signal),
    refetchInterval: POLL_MS,
  })

/** One tick and the evaluation of every asset in force at it (does not change once recorded). */
export const tickQueryOptions = (id: number) =>
  queryOptions({
    queryKey: ['automation', 'tick', id],
    queryFn: ({ signal }) => apiGet<TickDetailResponse>(apiPaths.automationTick(id), signal),
    staleTime: Number.POSITIVE_INFINITY,
  })

/** One asset's policy, switch and recorded evaluations, newest first. */
export const assetAutomationQueryOptions = (key: string, limit = 10) =>
  queryOptions({
    queryKey: ['automation', 'asset', key, limit],
    queryFn: ({ signal }) =>
      apiGet<AssetAutomationResponse>(apiPaths.assetAutomation(key, limit), signal),
    refetchInterval: POLL_MS,
  })

/** POST /api/automation or /api/assets/:key/automation (with `key`): switch on or off. */
export function useSwitchAutomation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (vars: { key?: string; enabled: boolean }) =>
      apiPost<AutomationSwitchResponse>(
        vars.key === undefined ? apiPaths.automation() : apiPaths.assetAutomation(vars.key),
        { enabled: vars.enabled },
      ),
    // Graph nodes and asset pages show the switch too (the "auto" badge).
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['automation'] }),
        queryClient.invalidateQueries({ queryKey: ['assets'] }),
        queryClient.invalidateQueries({ queryKey: ['lineage'] }),
      ]),
  })
}
