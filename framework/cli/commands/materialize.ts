import { materialize } from '../../services/materialize.js'
import { printRunResult, progressLine, summaryOf } from '../run-report.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

interface MaterializeFlags {
  readonly select: string
  readonly stale: boolean
  readonly concurrency: string
  readonly wait: boolean
}

export async function materializeCommand(
  globals: GlobalOptions,
  flags: MaterializeFlags,
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    // Ctrl-C cancels the run cleanly (running steps finish or abort, the rest is recorded as canceled).
    const summaries = new Map<string, string>()
    const controller = new AbortController()
    const cancel = () => controller.abort()
    process.once('SIGINT', cancel)
    try {
      const result = await materialize(instance, definitions, {
        select: flags.select,
        staleOnly: flags.stale,
        launchedBy: 'cli',
        concurrency: Number(flags.concurrency),
        lockWait: flags.wait ? 'wait' : 'fail',
        signal: controller.signal,
        onEvent: (event) => {
          const summary = summaryOf(event)
          if (summary !== undefined && event.type === 'asset_materialized')
            summaries.set(event.key, summary)
          const line = progressLine(event)
          if (line !== undefined) out.progress(line)
        },
      })
      printRunResult(out, result, summaries)
      return result.status === 'success' ? 0 : 1
    } finally {
      process.off('SIGINT', cancel)
    }
  })
}
