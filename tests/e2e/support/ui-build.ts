import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const uiDist = fileURLToPath(new URL('../../../ui/dist/index.html', import.meta.url))

/**
 * Builds the UI with vite when ui/dist is missing, so the server has a UI to serve. An existing
 * build is reused (run `npm run build:ui` after changing ui/ to test the change), unless
 * `rebuildIfStale` asks for a new one when a file under ui/ is newer than the build: the bench
 * must measure the UI as it is in the checkout.
 */
export async function ensureUiBuilt(options: { rebuildIfStale?: boolean } = {}): Promise<void> {
  if (existsSync(uiDist) && !(options.rebuildIfStale && newestUiSourceMs() > builtMs())) return
  const { build } = await import('vite')
  await build({ configFile: `${repoRoot}ui/vite.config.ts`, logLevel: 'warn' })
  if (!existsSync(uiDist)) throw new Error(`e2e: vite build did not produce ${uiDist}.`)
}

const builtMs = () => statSync(uiDist).mtimeMs

function newestUiSourceMs(): number {
  const ui = join(repoRoot, 'ui')
  const sources = readdirSync(join(ui, 'src'), { recursive: true, encoding: 'utf8' }).map((file) =>
    join(ui, 'src', file),
  )
  return Math.max(
    ...[...sources, join(ui, 'index.html'), join(ui, 'vite.config.ts')].map(
      (file) => statSync(file).mtimeMs,
    ),
  )
}
