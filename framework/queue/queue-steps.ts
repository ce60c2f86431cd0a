import { type Job, Queue, QueueEvents } from 'bullmq'
import type { Redis } from 'ioredis'
import type { ExecutorConfig } from '../config/config-schema.js'
import type { AnyAsset } from '../definitions/types.js'
import { FrameworkError } from '../errors.js'
import { RunEvent } from '../events/event-types.js'
import type { AssetStepEnv, AssetStepOutcome } from '../executor/asset-step.js'
import type { StepRunner } from '../executor/step-runner.js'
import { nowIso } from '../util/clock.js'
import { redactedUrl } from '../util/redacted-url.js'
import { cancelChannel, STEP_JOB, stepJobId } from './queue-names.js'
import { connectRedis } from './redis-connection.js'
import { fromJobResult, StepJobResult, stepJob } from './step-job.js'

export type QueueExecutorConfig = Extract<ExecutorConfig, { kind: 'queue' }>

/**
 * Steps submitted to the queue for `medallion worker` processes; this process only coordinates.
 * Connects on the first step, so a process that never runs anything (a worker, `medallion list`)
 * never opens a connection.
 */
export function queueSteps(config: QueueExecutorConfig): StepRunner {
  let opening: Promise<QueueCoordinator> | undefined
  let opened: QueueCoordinator | undefined
  const coordinator = () => {
    opening ??= QueueCoordinator.open(config).then(
      (coordinator) => {
        opened = coordinator
        return coordinator
      },
      (error: unknown) => {
        opening = undefined // the next run tries again
        throw error
      },
    )
    return opening
  }
  return {
    // Every ready step goes to the queue at once: the workers' own concurrency bounds what runs.
    defaultConcurrency: 1_000,
    async prepare() {
      await coordinator()
    },
    run: async (env, asset) => (await coordinator()).run(env, asset),
    endRun: (runId) => opened?.endRun(runId),
    async close() {
      if (opening !== undefined) await (await opening.catch(() => undefined))?.close()
    },
  }
}

/** One process's connection to the queue: submits steps, relays workers' events, cancels. */
class QueueCoordinator {
  /** Steps this process waits for, by job id: where their relayed events and warnings go. */
  private readonly watching = new Map<string, AssetStepEnv>()
  /** Runs already told to have no workers listening, or already canceled; forgotten at endRun. */
  private readonly warned = new Set<string>()
  private readonly canceled = new Set<string>()

  private constructor(
    private readonly config: QueueExecutorConfig,
    private readonly redis: Redis,
    private readonly eventsRedis: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
  ) {
    events.on('progress', ({ jobId, data }) => {
      const parsed = RunEvent.safeParse(data)
      if (parsed.success) this.watching.get(jobId)?.events.relay(parsed.data)
    })
    events.on('stalled', ({ jobId }) => {
      const env = this.watching.get(jobId)
      if (env === undefined) return
      const key = jobId.slice(jobId.indexOf('/') + 1)
      env.events.emit({
        type: 'log',
        runId: env.runId,
        at: nowIso(),
        key,
        level: 'warn',
        message: `the worker running ${key} stopped renewing its ${config.leaseMs / 1000} s lease (killed, or cut off from Redis): the step goes back to the queue for another worker; writes it already committed are not repeated`,
      })
    })
  }

  static async open(config: QueueExecutorConfig): Promise<QueueCoordinator> {
    const redis = await connectRedis(config.redisUrl, `queue executor (queue "${config.queue}")`)
    const eventsRedis = redis.duplicate()
    const queue = new Queue(config.queue, { connection: redis })
    const events = new QueueEvents(config.queue, { connection: eventsRedis })
    // Listening before the first job is added, so that no completion can be missed.
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()])
    return new QueueCoordinator(config, redis, eventsRedis, queue, events)
  }

  async run(env: AssetStepEnv, asset: AnyAsset): Promise<AssetStepOutcome> {
    const startedAt = performance.now()
    await this.warnWithoutWorkers(env)
    const jobId = stepJobId(env.runId, asset.key)
    this.watching.set(jobId, env)
    try {
      const job = await this.queue.add(STEP_JOB, stepJob(env, asset, env.instance.dataDir), {
        jobId,
        removeOnComplete: { age: 3_600 },
        removeOnFail: { age: 7 * 86_400 },
      })
      const finished = await this.untilFinished(job, env)
      if (finished === 'removed') return this.canceledInQueue(env, asset, startedAt)
      const outcome = fromJobResult(StepJobResult.parse(finished))
      // Steps downstream read this version, as they do in process.
      if (outcome.dataVersion !== undefined) env.recordVersion(asset.key, outcome.dataVersion)
      return outcome
    } catch (error) {
      return this.jobFailed(env, asset, error, startedAt)
    } finally {
      this.watching.delete(jobId)
    }
  }

  endRun(runId: string): void {
    this.warned.delete(runId)
    this.canceled.delete(runId)
  }

  async close(): Promise<void> {
    await this.events.close()
    await this.queue.close()
    // BullMQ leaves connections it was given open.
    this.eventsRedis.disconnect()
    this.redis.disconnect()
  }

  /** The worker's result, or 'removed' when a cancel took the job off the queue before any worker did. */
  private untilFinished(job: Job, env: AssetStepEnv): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.announceCancel(env.runId)
        // Fails while a worker holds the job: that worker sees the cancel and ends the step itself.
        job.remove().then(
          () => resolve('removed'),
          () => undefined,
        )
      }
      if (env.signal.aborted) onAbort()
      else env.signal.addEventListener('abort', onAbort, { once: true })
      job.waitUntilFinished(this.events).then(resolve, reject)
    })
  }

  private announceCancel(runId: string): void {
    if (this.canceled.has(runId)) return
    this.canceled.add(runId)
    this.redis.publish(cancelChannel(this.config.queue), runId).catch(() => undefined)
  }

  /** A run whose steps would wait forever says so in its log, once. */
  private async warnWithoutWorkers(env: AssetStepEnv): Promise<void> {
    if (this.warned.has(env.runId)) return
    this.warned.add(env.runId)
    if ((await this.queue.getWorkersCount()) > 0) return
    env.events.emit({
      type: 'log',
      runId: env.runId,
      at: nowIso(),
      level: 'warn',
      message: `no worker is taking steps from queue "${this.config.queue}" at ${redactedUrl(this.config.redisUrl)}: the steps wait in the queue until one starts. Start workers with \`medallion worker\` (same project, data directory and configuration).`,
    })
  }

  private canceledInQueue(env: AssetStepEnv, asset: AnyAsset, startedAt: number): AssetStepOutcome {
    return this.ended(env, asset, startedAt, 'canceled', {
      code: 'RUN_CANCELED',
      message: `materialize "${asset.key}": the run was canceled while the step waited in the queue for a worker.`,
    })
  }

  /** The job failed outside the step: its workers kept being lost, or a worker could not run it. */
  private jobFailed(
    env: AssetStepEnv,
    asset: AnyAsset,
    error: unknown,
    startedAt: number,
  ): AssetStepOutcome {
    const reason = error instanceof Error ? error.message : String(error)
    const lost = /stalled/i.test(reason)
    return this.ended(env, asset, startedAt, 'failed', {
      code: lost ? 'WORKER_LOST' : 'IO_WRITE_FAILED',
      message: lost
        ? `materialize "${asset.key}": every worker that took the step was lost before finishing it (killed, or cut off from Redis for longer than the ${this.config.leaseMs / 1000} s lease), so it was not handed out again. Look at the workers' logs, then retry with \`medallion materialize --select key:${asset.key}\`.`
        : `materialize "${asset.key}": the worker could not run the step (${reason}). Look at the worker's log, then retry with \`medallion materialize --select key:${asset.key}\`.`,
    })
  }

  private ended(
    env: AssetStepEnv,
    asset: AnyAsset,
    startedAt: number,
    status: 'failed' | 'canceled',
    error: { code: 'RUN_CANCELED' | 'WORKER_LOST' | 'IO_WRITE_FAILED'; message: string },
  ): AssetStepOutcome {
    env.events.emit({
      type: 'step_failed',
      runId: env.runId,
      at: nowIso(),
      key: asset.key,
      attempt: 1,
      willRetry: false,
      error,
    })
    return {
      status,
      attempts: 1,
      durationMs: performance.now() - startedAt,
      error: new FrameworkError(error.code, error.message),
      checks: [],
    }
  }
}
