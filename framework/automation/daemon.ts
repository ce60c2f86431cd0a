import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { errorMessage } from '../errors.js'
import { executeRun } from '../executor/execute-run.js'
import type { RunResult } from '../executor/run-result.js'
import type { AutomationTick, LeaseHolder } from '../instance/automation-records.js'
import type { Instance } from '../instance/instance.js'
import { buildPlan } from '../planner/build-plan.js'
import { SourceObserver } from './observe-sources.js'
import { decodeEvaluation } from './queries.js'
import { settleCursors } from './settle-cursors.js'
import { readSwitches } from './switches.js'
import { runTick, type StoredBody, type TickContext, type TickResult } from './tick.js'

/** The lease only one daemon of an instance holds at a time: the one that evaluates. */
export const DAEMON_LEASE = 'automation-daemon'

export interface DaemonOptions {
  /** Time between the end of one tick and the start of the next (default 2000 ms). */
  readonly intervalMs?: number
  /** How long the lease lasts without renewal (default 5 intervals, at least 10 s). */
  readonly leaseMs?: number
  /** Assets materialized at once in a daemon run (the executor's default when omitted). */
  readonly concurrency?: number
  /** Ticks kept in the store (default 10,000; older ones are pruned). */
  readonly keepTicks?: number
  /** Called after every tick this daemon records (tests, the CLI's log). */
  readonly onTick?: (tick: AutomationTick) => void
  /** Called when a daemon run ends (tests, the CLI's log). */
  readonly onRunFinished?: (result: RunResult) => void
  /** The clock (tests); default the system's. */
  readonly now?: () => Date
}

/** What the daemon is doing, for `medallion dev`'s API and the CLI. */
export interface DaemonState {
  readonly daemonId: string
  readonly intervalMs: number
  /** False once stop() was called. */
  readonly running: boolean
  /** True while this daemon holds the lease (evaluates); false while another daemon does. */
  readonly leader: boolean
  /** The other daemon holding the lease, when this one is not the leader. */
  readonly leaseHolder: LeaseHolder | undefined
  /** The global switch as last read. */
  readonly enabled: boolean
  readonly ticks: number
  readonly lastTick: AutomationTick | undefined
  readonly activeRuns: readonly { readonly runId: string; readonly keys: readonly AssetKey[] }[]
  /** The last error outside a recorded tick (the lease, a run that could not start). */
  readonly lastError: string | undefined
}

export interface Daemon {
  /** A snapshot of the daemon's state. */
  readonly state: DaemonState
  /** Ticks now (or right after the tick in progress) and resolves when that tick is done. */
  tickNow(): Promise<void>
  /** Stops ticking, cancels the runs it launched, waits for them, and gives up the lease. */
  stop(): Promise<void>
}

/**
 * Starts the automation daemon in this process: a tick every `intervalMs` evaluates every policy
 * and launches what it requests as one run, in the background; the daemon ticks again as soon as
 * a run ends. Several daemons may run on one instance: a lease lets one evaluate at a time.
 */
export function startDaemon(
  instance: Instance,
  definitions: Definitions,
  options: DaemonOptions = {},
): Daemon {
  const intervalMs = options.intervalMs ?? 2000
  const leaseMs = options.leaseMs ?? Math.max(10_000, 5 * intervalMs)
  const keepTicks = options.keepTicks ?? 10_000
  const now = options.now ?? (() => new Date())
  const daemonId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  const observer = new SourceObserver(instance, definitions, `automation:${daemonId}`)
  const stored = new Map<AssetKey, StoredBody>()
  const cursorCache: TickContext['cursorCache'] = new Map()
  const active = new Map<
    string,
    { keys: readonly AssetKey[]; controller: AbortController; done: Promise<void> }
  >()
  let state: Omit<DaemonState, 'activeRuns'> = {
    daemonId,
    intervalMs,
    running: true,
    leader: false,
    leaseHolder: undefined,
    enabled: true,
    ticks: 0,
    lastTick: undefined,
    lastError: undefined,
  }
  let wake: (() => void) | undefined
  let waiters: (() => void)[] = []
  let loadedEvaluations = false

  const tickOnce = async (): Promise<void> => {
    const holder = await instance.store.tryAcquireLease(DAEMON_LEASE, daemonId, leaseMs)
    state = { ...state, leader: holder === undefined, leaseHolder: holder }
    if (holder !== undefined) return
    const switches = await readSwitches(instance.store)
    state = { ...state, enabled: switches.enabled }
    if (!switches.enabled) return
    if (!loadedEvaluations) {
      for (const [key, evaluation] of await instance.store.automationEvaluations()) {
        const { outcome, condition } = decodeEvaluation(evaluation)
        stored.set(key, { outcome, condition })
      }
      loadedEvaluations = true
    }
    const launched = new Set<AssetKey>()
    for (const run of active.values()) for (const key of run.keys) launched.add(key)
    const result = await runTick({
      instance,
      definitions,
      daemonId,
      observer,
      switches,
      launched,
      stored,
      cursorCache,
      now: now(),
    })
    state = { ...state, ticks: state.ticks + 1, lastTick: result.tick }
    if (result.run !== undefined) launch(result.run)
    if (state.ticks % 100 === 0) await instance.store.pruneAutomationTicks(keepTicks)
    options.onTick?.(result.tick)
  }

  const launch = (run: NonNullable<TickResult['run']>): void => {
    const controller = new AbortController()
    const plan = buildPlan(definitions, new Set(run.keys))
    const done = executeRun(instance, definitions, plan, {
      runId: run.runId,
      selection: run.keys.map((key) => `key:${key}`).join(' or '),
      launchedBy: 'daemon',
      signal: controller.signal,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    })
      .then(async (result) => {
        await settleCursors(instance.store, definitions, result)
        options.onRunFinished?.(result)
      })
      .catch((error: unknown) => {
        state = { ...state, lastError: `run ${run.runId}: ${errorMessage(error)}` }
      })
      .finally(() => {
        active.delete(run.runId)
        // A finished run may unblock assets that waited for it: evaluate again at once.
        requestWake()
      })
    active.set(run.runId, { keys: run.keys, controller, done })
  }

  // A wake-up asked for during a tick (a run ended, tickNow()) skips the next wait.
  let wakeRequested = false
  const requestWake = () => {
    wakeRequested = true
    wake?.()
  }
  const loop = (async () => {
    while (state.running) {
      wakeRequested = false
      const current = waiters
      waiters = []
      try {
        await tickOnce()
      } catch (error) {
        // The store could not be reached even to record a failed tick: try again next time.
        state = { ...state, lastError: errorMessage(error) }
      }
      for (const resolve of current) resolve()
      if (!state.running) break
      await new Promise<void>((resolve) => {
        if (wakeRequested) return resolve()
        const timer = setTimeout(resolve, intervalMs)
        wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      wake = undefined
    }
  })()

  return {
    get state(): DaemonState {
      return {
        ...state,
        activeRuns: [...active].map(([runId, run]) => ({ runId, keys: run.keys })),
      }
    },
    tickNow() {
      if (!state.running) return Promise.resolve()
      const ticked = new Promise<void>((resolve) => waiters.push(resolve))
      requestWake()
      return ticked
    },
    async stop() {
      if (!state.running) return
      state = { ...state, running: false }
      requestWake()
      await loop
      for (const run of active.values()) run.controller.abort()
      await Promise.all([...active.values()].map((run) => run.done))
      await instance.store.releaseLease(DAEMON_LEASE, daemonId).catch(() => undefined)
      for (const resolve of waiters.splice(0)) resolve()
    },
  }
}
