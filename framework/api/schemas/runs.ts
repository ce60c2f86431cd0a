import * as z from 'zod'
import { RunEvent, RunStatus } from '../../events/event-types.js'
import { limitParam } from './common.js'

/** POST /api/runs. */
export const LaunchRunBody = z.object({
  select: z.string().min(1),
  /** Keep only the selected assets that are not fresh. */
  staleOnly: z.boolean().optional(),
})
export type LaunchRunBody = z.infer<typeof LaunchRunBody>

/** POST /api/assets/:key/materialize (the body may be omitted). */
export const MaterializeAssetBody = z.object({
  /** Also materialize everything downstream of the asset. */
  downstream: z.boolean().optional(),
})
export type MaterializeAssetBody = z.infer<typeof MaterializeAssetBody>

/** 202 from both launch endpoints. */
export const LaunchRunResponse = z.object({ runId: z.string() })
export type LaunchRunResponse = z.infer<typeof LaunchRunResponse>

export const RunSummary = z.object({
  runId: z.string(),
  status: RunStatus,
  selection: z.string(),
  keys: z.array(z.string()),
  /** `cli`, `ui`, `daemon`, `test`. */
  launchedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Launched by this server and still going: POST /api/runs/:id/cancel works. */
  cancellable: z.boolean(),
})
export type RunSummary = z.infer<typeof RunSummary>

export const RunsQuery = z.object({ limit: limitParam(50) })

/** GET /api/runs?limit= (newest first). */
export const RunsResponse = z.object({ runs: z.array(RunSummary) })
export type RunsResponse = z.infer<typeof RunsResponse>

export const StepStatus = z.enum([
  'pending',
  'running',
  'waiting',
  'materialized',
  'failed',
  'skipped',
  'canceled',
])
export type StepStatus = z.infer<typeof StepStatus>

/** One asset of a run, for a Gantt chart: null times when the step never started or ended. */
export const StepSummary = z.object({
  key: z.string(),
  status: StepStatus,
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  attempts: z.number().int(),
  /** The queue worker of the step's last start, which ran it to its end; null in process. */
  worker: z.string().nullable(),
  /** Every queue worker that started the step, first start first (several after a lost worker). */
  workers: z.array(z.string()),
  rowCount: z.number().nullable(),
  /** The error (failed) or why it was skipped/waiting. */
  message: z.string().nullable(),
  checks: z.array(
    z.object({
      name: z.string(),
      status: z.enum(['passed', 'failed', 'errored']),
      severity: z.enum(['warn', 'error']),
      message: z.string().nullable(),
    }),
  ),
})
export type StepSummary = z.infer<typeof StepSummary>

/** GET /api/runs/:id. `error` is set when the run failed before it could start (a launch error). */
export const RunDetail = z.object({
  run: RunSummary,
  steps: z.array(StepSummary),
  durationMs: z.number().nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), hint: z.string().optional() })
    .nullable(),
})
export type RunDetail = z.infer<typeof RunDetail>

/** An event with its id in the log (ids grow across runs; pass the last one as `after`). */
export const StoredRunEvent = z.object({ id: z.number().int(), event: RunEvent })
export type StoredRunEvent = z.infer<typeof StoredRunEvent>

export const RunEventsQuery = z.object({ after: z.coerce.number().int().min(0).default(0) })

/** GET /api/runs/:id/events?after=ID. `finished`: the run is over, no more events will come. */
export const RunEventsResponse = z.object({
  runId: z.string(),
  events: z.array(StoredRunEvent),
  finished: z.boolean(),
})
export type RunEventsResponse = z.infer<typeof RunEventsResponse>

/**
 * GET /api/runs/:id/stream (EventSource; `?token=` when the server needs a token).
 * Messages: `event: run_event` with `id` = event id and `data` = StoredRunEvent JSON; then one
 * `event: end` with `data` = RunStreamEnd JSON, after which the server closes the stream.
 * Reconnecting with `Last-Event-ID` (or `?after=`) resumes after that event.
 */
export const RunStreamEnd = z.object({ runId: z.string(), status: RunStatus })
export type RunStreamEnd = z.infer<typeof RunStreamEnd>

/** POST /api/runs/:id/cancel → 202. */
export const CancelRunResponse = z.object({ runId: z.string(), status: z.literal('canceling') })
export type CancelRunResponse = z.infer<typeof CancelRunResponse>
