import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const uiDist = fileURLToPath(new URL('../../../ui/dist/index.html', import.meta.url))

/**
 * Builds the UI with vite when ui/dist is missing, so the server has a UI to serve. An existing
 * build is reused; run `npm run build:ui` after changing ui/ to test the change.
 */
export async function ensureUiBuilt(): Promise<void> {
  if (existsSync(uiDist)) return
  const { build } = await import('vite')
  await build({ configFile: `${repoRoot}ui/vite.config.ts`, logLevel: 'warn' })
  if (!existsSync(uiDist)) throw new Error(`e2e: vite build did not produce ${uiDist}.`)
}
