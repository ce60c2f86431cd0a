import { createInterface } from 'node:readline/promises'
import { FrameworkError } from '../../errors.js'
import { selectAssets } from '../../selection/select-assets.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

export async function wipeCommand(
  globals: GlobalOptions,
  flags: { select: string; yes: boolean },
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const selected = selectAssets(definitions, flags.select)
    const assets = [...definitions.assets.values()].filter((asset) => selected.has(asset.key))
    if (assets.length === 0) {
      out.line('Nothing to wipe: the selection has no assets (sources are never wiped).')
      return 0
    }
    if (
      !flags.yes &&
      !(await confirm(
        `Wipe ${assets.length} asset(s): ${assets.map((a) => a.key).join(', ')}? [y/N] `,
      ))
    ) {
      out.line('Nothing wiped.')
      return 1
    }
    for (const asset of assets) {
      await instance.storageFor(asset).drop(asset.key)
      await instance.store.wipeAsset(asset.key)
    }
    out.data({ wiped: assets.map((asset) => asset.key) })
    out.line(`Wiped ${assets.length} asset(s); they are now missing.`)
    return 0
  })
}

async function confirm(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new FrameworkError('USAGE', 'wipe: refusing to delete tables without confirmation.', {
      hint: 'Pass --yes to wipe from a script.',
    })
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout })
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim())
  } finally {
    prompt.close()
  }
}
