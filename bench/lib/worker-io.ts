import { RESULT_PREFIX } from './process-run.js'

/** The JSON argument the parent passed to this worker. */
export function workerInput<T>(): T {
  const raw = process.argv[2]
  if (raw === undefined)
    throw new Error('bench worker: missing JSON argument. Run it from bench/main.ts.')
  return JSON.parse(raw) as T
}

/** Prints the worker's measurement with its own peak RSS, for the parent to parse. */
export function reportResult(ms: number, extra: Record<string, unknown> = {}): void {
  const rssKb = process.resourceUsage().maxRSS
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ ms, rssKb, ...extra })}\n`)
}

/** Milliseconds `fn` takes. */
export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return performance.now() - started
}
