import { queryOptions } from '@tanstack/react-query'
import type { HealthResponse, InsightsResponse } from '../../../framework/api/schemas.js'
import { ApiError, apiGet } from './http.js'
import { apiPaths } from './paths.js'

/** Conversion by cohort and feature lift from the gold tables (404 until materialized). */
export const insightsQueryOptions = () =>
  queryOptions({
    queryKey: ['insights'],
    queryFn: ({ signal }) => apiGet<InsightsResponse>(apiPaths.insights(), signal),
    retry: (count, error) => count < 1 && !(error instanceof ApiError && error.status === 404),
  })

/** Server status: asset counts, active runs, whether a token is needed. */
export const healthQueryOptions = () =>
  queryOptions({
    queryKey: ['health'],
    queryFn: ({ signal }) => apiGet<HealthResponse>(apiPaths.health(), signal),
    refetchInterval: 5000,
  })
