import type { AssetKey } from '../definitions/asset-key.js'
import type {
  CheckEvaluationEvent,
  MaterializationEvent,
  RunEvent,
  RunStatus,
  SourceObservationEvent,
} from '../events/event-types.js'
import type {
  AutomationTick,
  LeaseHolder,
  NewAutomationTick,
  StoredEvaluation,
} from './automation-records.js'

export interface RunRecord {
  readonly runId: string
  readonly status: RunStatus
  readonly selection: string
  readonly keys: readonly AssetKey[]
  /** Who started it: `cli`, `ui`, `daemon`, `test`. */
  readonly launchedBy: string
  readonly createdAt: string
  readonly startedAt: string | null
  readonly finishedAt: string | null
}

/** An event as stored: its position in the log is its id (monotonic across runs). */
export interface StoredEvent {
  readonly id: number
  readonly event: RunEvent
}

export interface LockHolder {
  readonly key: AssetKey
  readonly runId: string
  readonly pid: number
  readonly host: string
  readonly acquiredAt: string
}

/**
 * Runs, the append-only event log, and the cross-process asset locks.
 * Shared by the CLI, the server and the daemon, possibly at once from several processes.
 * Every method is async so a networked store (PostgreSQL) fits behind the same interface.
 */
export interface InstanceStore {
  createRun(run: RunRecord): Promise<void>
  updateRunStatus(runId: string, status: RunStatus, at: string): Promise<void>
  getRun(runId: string): Promise<RunRecord | undefined>
  /** Newest first. */
  listRuns(options?: { limit?: number; status?: RunStatus }): Promise<RunRecord[]>

  /** Appends events in order, atomically; returns their ids. */
  appendEvents(events: readonly RunEvent[]): Promise<number[]>
  /** A run's events in order, those with id > `afterId` (for live tailing). */
  runEvents(runId: string, afterId?: number): Promise<StoredEvent[]>

  /** Latest materialization of each key, in one query (staleness and automation ticks batch this). */
  latestMaterializations(keys?: readonly AssetKey[]): Promise<Map<AssetKey, MaterializationEvent>>
  latestObservations(keys?: readonly AssetKey[]): Promise<Map<AssetKey, SourceObservationEvent>>
  /** Latest evaluation of every check of the given assets, keyed `asset:check`. */
  latestCheckEvaluations(keys?: readonly AssetKey[]): Promise<Map<string, CheckEvaluationEvent>>
  /** Materializations of one asset, newest first. */
  materializationHistory(key: AssetKey, limit?: number): Promise<MaterializationEvent[]>
  checkHistory(key: AssetKey, check: string, limit?: number): Promise<CheckEvaluationEvent[]>
  /** Forgets an asset's materializations (wipe): staleness then reports it missing. */
  wipeAsset(key: AssetKey): Promise<void>

  /**
   * Takes the lock on `key` for `runId` unless another live run holds it; returns the holder then.
   * A lock whose process is gone (same host) or whose heartbeat expired is taken over.
   */
  tryLockAsset(key: AssetKey, runId: string): Promise<LockHolder | undefined>
  unlockAsset(key: AssetKey, runId: string): Promise<void>
  /** Refreshes the heartbeat of every lock `runId` holds. */
  heartbeat(runId: string): Promise<void>
  listLocks(): Promise<LockHolder[]>

  /** Small key/value state (daemon cursors, switches). */
  getValue(name: string): Promise<string | undefined>
  setValue(name: string, value: string): Promise<void>

  /**
   * Records an automation tick with the evaluations that changed since each asset's previous one,
   * atomically; returns the tick's id.
   */
  recordAutomationTick(
    tick: NewAutomationTick,
    evaluations: readonly { key: AssetKey; body: string }[],
  ): Promise<number>
  /** Ticks newest first; `beforeId` pages back. */
  listAutomationTicks(options?: { limit?: number; beforeId?: number }): Promise<AutomationTick[]>
  /** Each asset's evaluation in force at tick `asOfTickId` (default: the newest), in one query. */
  automationEvaluations(options?: {
    asOfTickId?: number
    keys?: readonly AssetKey[]
  }): Promise<Map<AssetKey, StoredEvaluation>>
  /** One asset's stored evaluations (each differs from the one before), newest first. */
  automationEvaluationHistory(key: AssetKey, limit?: number): Promise<StoredEvaluation[]>
  /** Deletes all but the newest `keep` ticks; evaluations stay (they are stored only on change). */
  pruneAutomationTicks(keep: number): Promise<void>
  /** The automation cursor of each asset (JSON the daemon writes), in one query. */
  automationCursors(keys?: readonly AssetKey[]): Promise<Map<AssetKey, string>>
  /** Sets the given assets' cursors, atomically. */
  setAutomationCursors(cursors: ReadonlyMap<AssetKey, string>): Promise<void>

  /**
   * Takes or renews lease `name` for `owner` for `ttlMs`, unless someone else holds it (returned
   * then). A lease past its expiry, or whose process is gone (same host), is taken over.
   */
  tryAcquireLease(name: string, owner: string, ttlMs: number): Promise<LeaseHolder | undefined>
  /** Gives lease `name` up if `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>

  close(): Promise<void>
}
