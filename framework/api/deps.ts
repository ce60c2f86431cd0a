import type { Daemon } from '../automation/daemon.js'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { Instance } from '../instance/instance.js'

/** What POST /api/runs asks for. */
export interface LaunchRequest {
  readonly select: string
  readonly staleOnly?: boolean
}

/** Why a run this server launched ended before its executor could record it. */
export interface LaunchFailure {
  readonly code: string
  readonly message: string
  readonly hint?: string
}

/**
 * Starts runs in the background and knows which of them are still going. Implemented by
 * `RunManager` (framework/server/run-manager.ts); the API only needs this much of it.
 */
export interface RunLauncher {
  /**
   * Validates the selection (throws SELECTION_* errors), records the run as queued and starts it;
   * resolves with its id as soon as the record exists, long before the run ends.
   */
  launch(request: LaunchRequest): Promise<{ runId: string }>
  /** Asks a run this process launched to stop; false when it is not one of ours or already over. */
  cancel(runId: string): boolean
  /** Runs launched here that have not ended. */
  activeRunIds(): readonly string[]
  isActive(runId: string): boolean
  /** Assets whose step is running or waiting for a lock in one of this process's runs. */
  runningKeys(): ReadonlySet<AssetKey>
  /** The error that ended a run before its executor recorded an outcome, if that happened. */
  launchFailure(runId: string): LaunchFailure | undefined
}

/** Everything the HTTP API reads or drives; tests build it with a temp data dir, no port. */
export interface ApiDeps {
  readonly definitions: Definitions
  readonly instance: Instance
  readonly runManager: RunLauncher
  /** When set, every /api request must carry `Authorization: Bearer <token>` (or `?token=`). */
  readonly token?: string
  /** How often the SSE stream polls the store for new events (default 250 ms). */
  readonly streamPollMs?: number
  /**
   * The automation daemon running in this process (`medallion dev`), read on every request
   * because it starts after the server; undefined (or absent) when there is none.
   */
  readonly daemon?: () => Pick<Daemon, 'state' | 'tickNow'> | undefined
}
