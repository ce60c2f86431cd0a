import { loadConfig } from '../../config/load-config.js'
import { FrameworkError } from '../../errors.js'
import { startStepWorker } from '../../queue/step-worker.js'
import { redactedUrl } from '../../util/redacted-url.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

/** `medallion worker [--concurrency 1] [--name n]`: runs queued asset steps until Ctrl-C. */
export async function workerCommand(
  globals: GlobalOptions,
  flags: { concurrency: string; name?: string },
): Promise<number> {
  const concurrency = Number(flags.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new FrameworkError(
      'USAGE',
      `worker: --concurrency must be a whole number of 1 or more, got "${flags.concurrency}".`,
    )
  }
  const { executor } = await loadConfig()
  if (executor.kind !== 'queue') {
    throw new FrameworkError(
      'USAGE',
      'worker: the executor is in-process, so runs never use the queue. Set MEDALLION_EXECUTOR=queue and MEDALLION_REDIS_URL=redis://host:6379 (or executor: { kind: "queue", redisUrl } in medallion.config.ts) here and where runs are launched.',
      {
        hint: 'MEDALLION_EXECUTOR=queue MEDALLION_REDIS_URL=redis://127.0.0.1:6379 medallion worker',
      },
    )
  }
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const worker = await startStepWorker({
      instance,
      definitions,
      executor,
      concurrency,
      ...(flags.name === undefined ? {} : { name: flags.name }),
      onStepEnd: ({ runId, key, result }) => {
        if (out.json) out.line(JSON.stringify({ runId, key, status: result.status }))
        else out.line(`run ${runId} ${key}: ${result.status} (${Math.round(result.durationMs)} ms)`)
      },
    })
    out.line(
      `Worker ${worker.name} taking steps from queue "${executor.queue}" at ${redactedUrl(executor.redisUrl)}, ${concurrency} at a time. Press Ctrl-C to stop.`,
    )
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    out.line(`${signal}: finishing the running steps (again to stop at once)…`)
    const force = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    await Promise.race([worker.close(), force.then(() => worker.close(true))])
    return 0
  })
}
