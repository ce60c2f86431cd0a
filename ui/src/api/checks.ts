import { queryOptions } from '@tanstack/react-query'
import type { CheckHistoryResponse, ChecksResponse } from '../../../framework/api/schemas.js'
import { apiGet } from './http.js'
import { apiPaths } from './paths.js'

/** Each check of an asset with its latest evaluation. */
export const checksQueryOptions = (key: string) =>
  queryOptions({
    queryKey: ['assets', key, 'checks'],
    queryFn: ({ signal }) => apiGet<ChecksResponse>(apiPaths.checks(key), signal),
  })

/** Past evaluations of one check, newest first. */
export const checkHistoryQueryOptions = (key: string, check: string, limit = 50) =>
  queryOptions({
    queryKey: ['assets', key, 'checks', check, 'history', limit],
    queryFn: ({ signal }) =>
      apiGet<CheckHistoryResponse>(apiPaths.checkHistory(key, check, limit), signal),
  })
