import { randomUUID } from 'node:crypto'
import type { LaunchFailure, LaunchRequest, RunLauncher } from '../api/deps.js'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { errorMessage, isFrameworkError } from '../errors.js'
import type { RunEvent } from '../events/event-types.js'
import type { Instance } from '../instance/instance.js'
import { isTerminalStatus } from '../instance/run-status.js'
import { selectAssets } from '../selection/select-assets.js'
import { materialize } from '../services/materialize.js'
import { nowIso } from '../util/clock.js'

interface ActiveRun {
  readonly controller: AbortController
  readonly done: Promise<void>
  /** Steps started and not yet over (or waiting for a lock). */
  readonly running: Set<AssetKey>
}

export interface RunManagerOptions {
  /** Recorded on each run as who launched it (default `ui`). */
  readonly launchedBy?: string
  /** Assets materialized at once per run (the executor's default when omitted). */
  readonly concurrency?: number
}

/**
 * Launches runs in this process, in the background, and tracks them until they end: the server's
 * runs can be canceled and their running steps shown. Runs of other processes (the CLI, the
 * daemon) are seen only through the instance store.
 */
export class RunManager implements RunLauncher {
  private readonly active = new Map<string, ActiveRun>()
  private readonly failures = new Map<string, LaunchFailure>()

  constructor(
    private readonly instance: Instance,
    private readonly definitions: Definitions,
    private readonly options: RunManagerOptions = {},
  ) {}

  async launch(request: LaunchRequest): Promise<{ runId: string }> {
    // Resolving here first turns a bad selection into a 400 instead of a failed run.
    const keys = selectAssets(this.definitions, request.select)
    const runId = randomUUID()
    // Created as queued before answering, so GET /api/runs/:id works the moment the client has
    // the id; the executor picks the record up and moves it to running.
    await this.instance.store.createRun({
      runId,
      status: 'queued',
      selection: request.select,
      keys: this.definitions.order.filter(
        (key) => keys.has(key) && this.definitions.assets.has(key),
      ),
      launchedBy: this.options.launchedBy ?? 'ui',
      createdAt: nowIso(),
      startedAt: null,
      finishedAt: null,
    })
    const controller = new AbortController()
    const running = new Set<AssetKey>()
    const done = materialize(this.instance, this.definitions, {
      select: request.select,
      staleOnly: request.staleOnly ?? false,
      launchedBy: this.options.launchedBy ?? 'ui',
      runId,
      signal: controller.signal,
      onEvent: (event) => trackRunning(running, event),
      ...(this.options.concurrency === undefined ? {} : { concurrency: this.options.concurrency }),
    }).then(
      () => undefined,
      (error: unknown) => this.recordFailure(runId, error),
    )
    const tracked = done.finally(() => this.active.delete(runId))
    this.active.set(runId, { controller, done: tracked, running })
    return { runId }
  }

  cancel(runId: string): boolean {
    const run = this.active.get(runId)
    if (run === undefined || run.controller.signal.aborted) return false
    run.controller.abort()
    return true
  }

  activeRunIds(): readonly string[] {
    return [...this.active.keys()]
  }

  isActive(runId: string): boolean {
    return this.active.has(runId)
  }

  runningKeys(): ReadonlySet<AssetKey> {
    const keys = new Set<AssetKey>()
    for (const run of this.active.values()) for (const key of run.running) keys.add(key)
    return keys
  }

  launchFailure(runId: string): LaunchFailure | undefined {
    return this.failures.get(runId)
  }

  /** Resolves once every run launched so far has ended. */
  async idle(): Promise<void> {
    while (this.active.size > 0) await Promise.all([...this.active.values()].map((r) => r.done))
  }

  /** Cancels every active run and waits for them to end (server shutdown). */
  async shutdown(): Promise<void> {
    for (const run of this.active.values()) run.controller.abort()
    await this.idle()
  }

  /**
   * The run threw instead of recording an outcome (planning failed, the store broke): keep the
   * error for GET /api/runs/:id and close the run, so streams and lists do not wait forever.
   */
  private async recordFailure(runId: string, error: unknown): Promise<void> {
    const failure: LaunchFailure = isFrameworkError(error)
      ? { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) }
      : { code: 'INTERNAL', message: errorMessage(error) }
    this.failures.set(runId, failure)
    if (!isFrameworkError(error)) console.error(`[medallion server] run ${runId} failed:`, error)
    try {
      const run = await this.instance.store.getRun(runId)
      if (run === undefined || isTerminalStatus(run.status)) return
      const at = nowIso()
      await this.instance.store.appendEvents([
        { type: 'log', runId, at, level: 'error', message: failure.message },
        { type: 'run_finished', runId, at, status: 'failure', durationMs: 0 },
      ])
      await this.instance.store.updateRunStatus(runId, 'failure', at)
    } catch (storeError) {
      console.error(`[medallion server] could not record the failure of run ${runId}:`, storeError)
    }
  }
}

/** Keeps the set of steps in progress up to date from a run's events. */
function trackRunning(running: Set<AssetKey>, event: RunEvent): void {
  switch (event.type) {
    case 'step_started':
    case 'step_waiting':
      running.add(event.key as AssetKey)
      return
    case 'asset_materialized':
    case 'step_skipped':
      running.delete(event.key as AssetKey)
      return
    case 'step_failed':
      if (!event.willRetry) running.delete(event.key as AssetKey)
      return
    case 'run_finished':
      running.clear()
      return
    default:
      return
  }
}
