import { runChecks } from '../../executor/run-checks.js'
import { selectAssets } from '../../selection/select-assets.js'
import { color } from '../output.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

export async function checkCommand(
  globals: GlobalOptions,
  flags: { select: string },
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const keys = selectAssets(definitions, flags.select)
    const result = await runChecks(instance, definitions, keys, {
      selection: flags.select,
      launchedBy: 'cli',
    })
    out.data(result)
    for (const check of result.checks) {
      const paint =
        check.status === 'passed'
          ? color.green
          : check.severity === 'warn'
            ? color.yellow
            : color.red
      out.line(
        `${paint(check.status.padEnd(7))} ${check.key} · ${check.check}${check.message === undefined ? '' : `: ${check.message}`}`,
      )
    }
    out.line(`run ${result.runId} ${result.status}`)
    return result.status === 'success' ? 0 : 1
  })
}
