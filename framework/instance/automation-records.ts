import type { AssetKey } from '../definitions/asset-key.js'

/** One pass of the automation daemon over every policy, as the instance store keeps it. */
export interface NewAutomationTick {
  readonly startedAt: string
  readonly finishedAt: string
  /** 'failure': the tick itself failed (see `error`); the daemon goes on with the next one. */
  readonly status: 'success' | 'failure'
  /** The run launched for `requested`, or null when nothing was requested. */
  readonly runId: string | null
  /** Assets the tick requested, upstream before downstream. */
  readonly requested: readonly AssetKey[]
  /** Assets whose policy was evaluated. */
  readonly evaluatedCount: number
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string } | null
  /** Which daemon ticked (`<host>:<pid>:<random>`). */
  readonly daemonId: string
}

export interface AutomationTick extends NewAutomationTick {
  readonly id: number
}

/**
 * One asset's evaluation, stored only when it differs from the asset's previous one: the
 * evaluation in force at tick T is the newest with `tickId <= T`. `body` is JSON the automation
 * layer writes and reads (the condition tree with each part's value).
 */
export interface StoredEvaluation {
  readonly key: AssetKey
  readonly tickId: number
  readonly body: string
}

/** Who holds a named lease (the automation daemon's), see `InstanceStore.tryAcquireLease`. */
export interface LeaseHolder {
  readonly name: string
  readonly owner: string
  readonly pid: number
  readonly host: string
  readonly acquiredAt: string
  /** Epoch milliseconds after which the lease may be taken over. */
  readonly expiresMs: number
}
