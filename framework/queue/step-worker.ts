import { hostname } from 'node:os'
import { type Job, UnrecoverableError, Worker } from 'bullmq'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { errorMessage } from '../errors.js'
import type { RunEvent } from '../events/event-types.js'
import { runAssetStep } from '../executor/asset-step.js'
import { RunEvents } from '../executor/run-events.js'
import type { Instance } from '../instance/instance.js'
import { nowIso } from '../util/clock.js'
import { cancelChannel } from './queue-names.js'
import type { QueueExecutorConfig } from './queue-steps.js'
import { connectRedis } from './redis-connection.js'
import { jobInputs, StepJob, type StepJobResult, toJobResult } from './step-job.js'

/** How many times a step may lose its worker before it fails with WORKER_LOST. */
const MAX_LOST_WORKERS = 2

export interface StepWorkerOptions {
  readonly instance: Instance
  readonly definitions: Definitions
  readonly executor: QueueExecutorConfig
  /** Shown on every step it runs; default `<host>:<pid>`. */
  readonly name?: string
  /** Steps this worker runs at once (default 1: a step's DuckDB queries use every core). */
  readonly concurrency?: number
  /** Told when a step ends, for the worker's own log. */
  readonly onStepEnd?: (step: { runId: string; key: string; result: StepJobResult }) => void
}

export interface StepWorker {
  readonly name: string
  /** Stops taking steps; waits for running ones unless `force`. */
  close(force?: boolean): Promise<void>
}

/**
 * A `medallion worker`: takes asset steps from the queue and runs them exactly as the in-process
 * executor does (lock, materialize with retries, checks, events into the instance store). It
 * holds a lease on each step it runs; if it dies, the step goes to another worker once the lease
 * expires, and the numbered writes (OutputOptions.onceId) keep what it committed from repeating.
 */
export async function startStepWorker(options: StepWorkerOptions): Promise<StepWorker> {
  const { instance, definitions, executor } = options
  const name = options.name ?? `${hostname()}:${process.pid}`
  const purpose = `medallion worker ${name} (queue "${executor.queue}")`
  const connection = await connectRedis(executor.redisUrl, purpose)
  const subscriber = await connectRedis(executor.redisUrl, purpose)
  /** Abort controllers of the steps running here, by run: a cancel message aborts them. */
  const running = new Map<string, Set<AbortController>>()
  subscriber.on('message', (_channel: string, runId: string) => {
    for (const controller of running.get(runId) ?? []) controller.abort()
  })
  await subscriber.subscribe(cancelChannel(executor.queue))

  const processStep = async (job: Job, bullSignal?: AbortSignal): Promise<StepJobResult> => {
    const parsed = StepJob.safeParse(job.data)
    if (!parsed.success) {
      throw new UnrecoverableError(
        `job ${job.id} on queue "${executor.queue}" is not a Medallion asset step (${parsed.error.issues[0]?.message}). Is another program using this queue? Give Medallion its own with executor.queue.`,
      )
    }
    const data = parsed.data
    const events = new RunEvents(instance.store, (event: RunEvent) => {
      // The coordinator shows workers' events live (CLI, SSE); the store has them either way.
      job.updateProgress(event).catch(() => undefined)
    })
    const controller = new AbortController()
    const controllers = running.get(data.runId) ?? new Set()
    running.set(data.runId, controllers.add(controller))
    try {
      const result = await runStep(data, job, events, anySignal(controller.signal, bullSignal))
      await events.flush()
      options.onStepEnd?.({ runId: data.runId, key: data.key, result })
      return result
    } finally {
      controllers.delete(controller)
      if (controllers.size === 0) running.delete(data.runId)
    }
  }

  const runStep = async (
    data: StepJob,
    job: Job,
    events: RunEvents,
    signal: AbortSignal,
  ): Promise<StepJobResult> => {
    const asset = definitions.assets.get(data.key as AssetKey)
    if (asset === undefined || asset.codeVersion !== data.codeVersion) {
      const what =
        asset === undefined
          ? 'does not define this asset'
          : `has code version ${asset.codeVersion}, the run's is ${data.codeVersion}`
      return refuse(events, data, {
        code: 'WORKER_CODE_MISMATCH',
        message: `materialize "${data.key}": worker ${name} ${what}: it runs other code than the process that launched the run. Deploy the same project to every worker and restart them, then retry.`,
      })
    }
    const run = await instance.store.getRun(data.runId)
    if (run === undefined || !['queued', 'running'].includes(run.status)) {
      return refuse(events, data, {
        code: 'RUN_CANCELED',
        message: `materialize "${data.key}": run ${data.runId} had ended (${run?.status ?? 'not found'}) before a worker took the step.`,
      })
    }
    if (job.stalledCounter > 0) {
      events.emit({
        type: 'log',
        runId: data.runId,
        at: nowIso(),
        key: data.key,
        level: 'warn',
        message: `worker ${name} takes over ${data.key} from a worker that was lost; writes that one committed are not repeated`,
      })
    }
    const outcome = await runAssetStep(
      {
        runId: data.runId,
        instance,
        definitions,
        events,
        signal,
        ...jobInputs(data, instance.dataDir),
        lockWait: data.lockWait,
        lockPollMs: data.lockPollMs,
        // The coordinator records the new version for the steps downstream.
        recordVersion: () => undefined,
        worker: name,
        writeOnce: true,
      },
      asset,
    )
    return toJobResult(outcome)
  }

  const worker = new Worker(executor.queue, (job, _token, signal) => processStep(job, signal), {
    connection,
    name,
    concurrency: options.concurrency ?? 1,
    lockDuration: executor.leaseMs,
    stalledInterval: executor.leaseMs,
    maxStalledCount: MAX_LOST_WORKERS,
  })
  worker.on('error', (error) => {
    console.error(`${purpose}: ${errorMessage(error)}`)
  })
  await worker.waitUntilReady()
  return {
    name,
    async close(force = false) {
      await worker.close(force)
      subscriber.disconnect()
      connection.disconnect()
    },
  }
}

/** Fails the step without running it: the event the log shows, and the result the coordinator gets. */
function refuse(
  events: RunEvents,
  data: StepJob,
  error: { code: 'WORKER_CODE_MISMATCH' | 'RUN_CANCELED'; message: string },
): StepJobResult {
  events.emit({
    type: 'step_failed',
    runId: data.runId,
    at: nowIso(),
    key: data.key,
    attempt: 1,
    willRetry: false,
    error,
  })
  return {
    status: error.code === 'RUN_CANCELED' ? 'canceled' : 'failed',
    attempts: 1,
    durationMs: 0,
    error,
    checks: [],
  }
}

function anySignal(own: AbortSignal, bull: AbortSignal | undefined): AbortSignal {
  return bull === undefined ? own : AbortSignal.any([own, bull])
}
