import { selectAssets } from '../../selection/select-assets.js'
import { currentStatus } from '../../services/asset-status.js'
import { color, table } from '../output.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

const paintStatus = { fresh: color.green, stale: color.yellow, missing: color.red } as const

export async function statusCommand(
  globals: GlobalOptions,
  options: { select: string },
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const keys = selectAssets(definitions, options.select)
    const { statuses, sourceErrors } = await currentStatus(instance, definitions)
    const rows = definitions.order
      .filter((key) => keys.has(key) && definitions.assets.has(key))
      .map((key) => {
        const status = statuses.get(key)
        return {
          key,
          status: status?.staleness.status ?? 'missing',
          causes: status?.staleness.causes ?? [],
          lastMaterializedAt: status?.latest?.at ?? null,
          rowCount: status?.latest?.rowCount ?? null,
        }
      })
    out.data({ assets: rows, sourceErrors: Object.fromEntries(sourceErrors) })
    const lines: string[][] = [['ASSET', 'STATUS', 'WHY']]
    for (const row of rows) {
      const [first, ...rest] = row.causes.map((cause) => cause.message)
      lines.push([row.key, paintStatus[row.status](row.status), first ?? ''])
      for (const cause of rest) lines.push(['', '', cause])
    }
    out.line(table(lines))
    for (const [key, message] of sourceErrors) out.line(color.red(`source ${key}: ${message}`))
    return 0
  })
}
