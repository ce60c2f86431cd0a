import { useQueries, useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { runQueryOptions, runsQueryOptions } from '../../api/runs.js'
import type { StepFailure } from '../../lib/asset-state.js'

// How many recent failed runs to look into. Asset summaries do not say "the last attempt failed",
// so the graph reads it from run details; this can go once /api/assets reports it.
const FAILED_RUNS_TO_READ = 3

/** The latest failed step of each asset among the most recent failed runs. */
export function useFailedSteps(): ReadonlyMap<string, StepFailure> {
  const runs = useQuery(runsQueryOptions(20))
  const failedRunIds = (runs.data?.runs ?? [])
    .filter((run) => run.status === 'failure')
    .slice(0, FAILED_RUNS_TO_READ)
    .map((run) => run.runId)
  const details = useQueries({
    queries: failedRunIds.map((runId) => ({ ...runQueryOptions(runId), staleTime: 60_000 })),
  })
  const key = details.map((detail) => detail.dataUpdatedAt).join(',')
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` changes exactly when a detail does
  return useMemo(() => {
    const failures = new Map<string, StepFailure>()
    for (const detail of details) {
      for (const step of detail.data?.steps ?? []) {
        if (step.status !== 'failed') continue
        const at =
          step.finishedAt ?? detail.data?.run.finishedAt ?? detail.data?.run.createdAt ?? ''
        const seen = failures.get(step.key)
        if (seen === undefined || Date.parse(at) > Date.parse(seen.at)) {
          failures.set(step.key, { runId: detail.data?.run.runId ?? '', at, message: step.message })
        }
      }
    }
    return failures
  }, [key])
}
