import { selectAssets } from '../../selection/select-assets.js'
import { table } from '../output.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

export async function listCommand(
  globals: GlobalOptions,
  options: { select: string },
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, out }) => {
    const keys = selectAssets(definitions, options.select)
    const rows = definitions.order
      .filter((key) => keys.has(key))
      .map((key) => {
        const node = definitions.get(key)
        return {
          key,
          type: node.type,
          group: node.group,
          storage: node.type === 'asset' ? node.storage : null,
          deps: definitions.upstream(key),
          checks: (definitions.checks.get(key) ?? []).map((check) => check.name),
          description: node.description,
        }
      })
    out.data(rows)
    out.line(
      table([
        ['KEY', 'TYPE', 'GROUP', 'STORAGE', 'DEPENDS ON'],
        ...rows.map((row) => [
          row.key,
          row.type,
          row.group,
          row.storage ?? '-',
          row.deps.join(', ') || '-',
        ]),
      ]),
    )
    return 0
  })
}
