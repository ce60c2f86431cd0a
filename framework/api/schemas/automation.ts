import * as z from 'zod'
import { limitParam } from './common.js'

/**
 * One node of an evaluated condition tree (mirrors ConditionEvaluation in
 * framework/automation/evaluation-types.ts): true or false, and what made it so.
 */
export const ConditionNode = z.object({
  label: z.string(),
  value: z.boolean(),
  detail: z.string().optional(),
  get children() {
    return z.array(ConditionNode).optional()
  },
})
export type ConditionNode = z.infer<typeof ConditionNode>

/** requested; `false`: its condition is false; `in_progress`/`disabled`: true, but not requested. */
export const EvaluationOutcome = z.enum(['requested', 'false', 'in_progress', 'disabled'])
export type EvaluationOutcome = z.infer<typeof EvaluationOutcome>

/** An asset's evaluation as recorded; it stayed in force until the asset's next one. */
export const AutomationEvaluation = z.object({
  key: z.string(),
  /** The tick that recorded it. */
  tickId: z.number().int(),
  outcome: EvaluationOutcome,
  /** The outcome in words ("not requested: its condition is false"). */
  outcomeText: z.string(),
  /** The parts of the condition that decided it, in one line. */
  summary: z.string(),
  condition: ConditionNode,
})
export type AutomationEvaluation = z.infer<typeof AutomationEvaluation>

/** One pass of a daemon over every policy. */
export const AutomationTick = z.object({
  id: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string(),
  status: z.enum(['success', 'failure']),
  /** The run launched for `requested`; null when nothing was requested. */
  runId: z.string().nullable(),
  requested: z.array(z.string()),
  evaluatedCount: z.number().int(),
  error: z
    .object({ code: z.string(), message: z.string(), hint: z.string().optional() })
    .nullable(),
  daemonId: z.string(),
})
export type AutomationTick = z.infer<typeof AutomationTick>

/** The daemon running inside this server (`medallion dev`). */
export const DaemonStatus = z.object({
  daemonId: z.string(),
  intervalMs: z.number(),
  /** False once it was stopped. */
  running: z.boolean(),
  /** True while it holds the lease and evaluates; false while another daemon does. */
  leader: z.boolean(),
  /** The daemon holding the lease when it is another one. */
  leaseHolder: z
    .object({ owner: z.string(), host: z.string(), pid: z.number(), acquiredAt: z.string() })
    .nullable(),
  /** Ticks this daemon recorded since it started. */
  ticks: z.number().int(),
  activeRuns: z.array(z.object({ runId: z.string(), keys: z.array(z.string()) })),
  lastError: z.string().nullable(),
})
export type DaemonStatus = z.infer<typeof DaemonStatus>

/** An asset with a policy, as the automation page lists it. */
export const AssetAutomation = z.object({
  key: z.string(),
  /** The policy in one line ("eager", "any of (on cron @daily, new source files)"). */
  policy: z.string(),
  /** False when switched off for this asset. */
  enabled: z.boolean(),
  lastEvaluation: AutomationEvaluation.nullable(),
})
export type AssetAutomation = z.infer<typeof AssetAutomation>

/** GET /api/automation. */
export const AutomationResponse = z.object({
  /** The global switch. */
  enabled: z.boolean(),
  /** Null when this server runs no daemon (`medallion dev --no-daemon`). */
  daemon: DaemonStatus.nullable(),
  /** The newest tick of any daemon on this instance. */
  lastTick: AutomationTick.nullable(),
  /** Every asset with a policy, upstream first. */
  assets: z.array(AssetAutomation),
})
export type AutomationResponse = z.infer<typeof AutomationResponse>

/** GET /api/automation/ticks?limit=&before= (page back with `before` = the oldest id seen). */
export const TicksQuery = z.object({
  limit: limitParam(50),
  before: z.coerce.number().int().min(1).optional(),
})

/** `:id` of GET /api/automation/ticks/:id. */
export const TickIdParam = z.object({ id: z.coerce.number().int().min(1) })

/** Ticks, newest first. */
export const TicksResponse = z.object({ ticks: z.array(AutomationTick) })
export type TicksResponse = z.infer<typeof TicksResponse>

/** GET /api/automation/ticks/:id: the tick and every asset's evaluation in force at it. */
export const TickDetailResponse = z.object({
  tick: AutomationTick,
  evaluations: z.array(
    AutomationEvaluation.extend({
      /** Recorded by this tick (it differs from the asset's previous evaluation). */
      changed: z.boolean(),
    }),
  ),
})
export type TickDetailResponse = z.infer<typeof TickDetailResponse>

/** GET /api/assets/:key/automation?limit=: null policy for an asset or source without one. */
export const AssetAutomationResponse = z.object({
  key: z.string(),
  policy: z.string().nullable(),
  enabled: z.boolean(),
  /** The global switch (when off, no asset is requested). */
  globalEnabled: z.boolean(),
  /** Recorded evaluations, newest first. */
  evaluations: z.array(AutomationEvaluation),
})
export type AssetAutomationResponse = z.infer<typeof AssetAutomationResponse>

/** POST /api/automation and POST /api/assets/:key/automation. */
export const AutomationSwitchBody = z.object({ enabled: z.boolean() })
export type AutomationSwitchBody = z.infer<typeof AutomationSwitchBody>

/** The answer to both switch endpoints. */
export const AutomationSwitchResponse = z.object({
  /** The global switch after the change. */
  enabled: z.boolean(),
  /** Assets switched off one by one after the change. */
  disabledAssets: z.array(z.string()),
})
export type AutomationSwitchResponse = z.infer<typeof AutomationSwitchResponse>
