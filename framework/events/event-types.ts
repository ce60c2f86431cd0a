import * as z from 'zod'

const base = { runId: z.string(), at: z.string() }
const key = z.string()
const errorInfo = z.object({ code: z.string(), message: z.string(), hint: z.string().optional() })
const metadata = z.record(z.string(), z.unknown())
const column = z.object({ name: z.string(), type: z.string(), nullable: z.boolean() })

export const RunStatus = z.enum(['queued', 'running', 'success', 'failure', 'canceled'])
export type RunStatus = z.infer<typeof RunStatus>

export const SkipReason = z.enum([
  'upstream_failed',
  'blocked_by_check',
  'upstream_skipped',
  'canceled',
])
export type SkipReason = z.infer<typeof SkipReason>

export const CheckStatus = z.enum(['passed', 'failed', 'errored'])
export type CheckStatus = z.infer<typeof CheckStatus>

/** Every event of a run, told apart by `type`; parsed when read back from storage. */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run_started'), ...base, selection: z.string(), keys: z.array(key) }),
  z.object({
    type: z.literal('run_finished'),
    ...base,
    status: z.enum(['success', 'failure', 'canceled']),
    durationMs: z.number(),
  }),
  z.object({
    type: z.literal('step_started'),
    ...base,
    key,
    attempt: z.number(),
    /** The queue worker running this attempt (`medallion worker --name`); absent in process. */
    worker: z.string().optional(),
  }),
  z.object({
    type: z.literal('step_waiting'),
    ...base,
    key,
    heldByRunId: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('step_failed'),
    ...base,
    key,
    attempt: z.number(),
    willRetry: z.boolean(),
    error: errorInfo,
  }),
  z.object({
    type: z.literal('step_skipped'),
    ...base,
    key,
    reason: SkipReason,
    /** The asset (or check, as `key:check`) whose failure caused the skip. */
    blockedBy: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('asset_materialized'),
    ...base,
    key,
    dataVersion: z.string(),
    codeVersion: z.string(),
    /** Data version of each input at the time it was read, by key. */
    inputVersions: z.record(z.string(), z.string()),
    rowCount: z.number(),
    columns: z.array(column),
    durationMs: z.number(),
    storageVersion: z.number().nullable(),
    location: z.string(),
    metadata,
  }),
  z.object({
    type: z.literal('source_observed'),
    ...base,
    key,
    dataVersion: z.string(),
    fileCount: z.number(),
    bytes: z.number(),
  }),
  z.object({
    type: z.literal('check_evaluated'),
    ...base,
    key,
    check: z.string(),
    severity: z.enum(['warn', 'error']),
    blocking: z.boolean(),
    status: CheckStatus,
    message: z.string().optional(),
    metadata,
    durationMs: z.number(),
  }),
  z.object({
    type: z.literal('log'),
    ...base,
    key: key.optional(),
    level: z.enum(['debug', 'info', 'warn', 'error']),
    message: z.string(),
    data: metadata.optional(),
  }),
])
export type RunEvent = z.infer<typeof RunEvent>
export type RunEventType = RunEvent['type']
export type EventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>

export type MaterializationEvent = EventOf<'asset_materialized'>
export type CheckEvaluationEvent = EventOf<'check_evaluated'>
export type SourceObservationEvent = EventOf<'source_observed'>
