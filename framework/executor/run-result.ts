import type { AssetKey } from '../definitions/asset-key.js'
import type { CheckSeverity } from '../definitions/types.js'
import type { CheckStatus, SkipReason } from '../events/event-types.js'

export type AssetOutcomeStatus = 'materialized' | 'failed' | 'skipped' | 'canceled'

/** What happened to one asset of the plan. */
export interface AssetOutcome {
  readonly key: AssetKey
  readonly outcome: AssetOutcomeStatus
  /** Attempts made (0 when the step never started). */
  readonly attempts: number
  readonly durationMs: number
  /** Set when materialized. */
  readonly dataVersion?: string
  /** Why it was skipped or canceled. */
  readonly reason?: SkipReason
  /** The asset (or `key:check`) whose failure caused the skip. */
  readonly blockedBy?: string
  /** The error (failed) or the explanation (skipped, canceled). */
  readonly message?: string
  readonly error?: { readonly code: string; readonly message: string; readonly hint?: string }
}

export interface CheckOutcome {
  readonly key: AssetKey
  readonly check: string
  readonly status: CheckStatus
  readonly severity: CheckSeverity
  readonly blocking: boolean
  readonly message?: string
  readonly durationMs: number
}

/** The result of `executeRun` / `runChecks`; the same facts are in the run's events. */
export interface RunResult {
  readonly runId: string
  readonly status: 'success' | 'failure' | 'canceled'
  readonly durationMs: number
  /** In plan order. */
  readonly assets: readonly AssetOutcome[]
  readonly checks: readonly CheckOutcome[]
}
