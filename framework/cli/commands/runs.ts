import { color, table } from '../output.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

const paint = {
  success: color.green,
  failure: color.red,
  canceled: color.yellow,
  running: color.bold,
  queued: color.dim,
}

export async function runsCommand(
  globals: GlobalOptions,
  flags: { limit: string },
): Promise<number> {
  return withWorkspace(globals, async ({ instance, out }) => {
    const runs = await instance.store.listRuns({ limit: Number(flags.limit) })
    out.data(runs)
    out.line(
      table([
        ['RUN', 'STATUS', 'STARTED', 'DURATION', 'BY', 'SELECTION'],
        ...runs.map((run) => [
          run.runId,
          paint[run.status](run.status),
          run.startedAt ?? '-',
          run.startedAt !== null && run.finishedAt !== null
            ? `${((Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)}s`
            : '-',
          run.launchedBy,
          run.selection,
        ]),
      ]),
    )
    return 0
  })
}
