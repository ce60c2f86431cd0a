import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { statFingerprint } from './fingerprint.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CACHE = join(ROOT, 'node_modules', '.cache', 'medallion', 'framework')
/** Older builds kept besides the current one, and for how long at least (see pruneOldBuilds). */
const KEEP_OLD_BUILDS = 4
const KEEP_RECENT_MS = 24 * 60 * 60 * 1000

/**
 * The framework compiled to JavaScript, building it first when it is missing or out of date.
 *
 * The CLI runs compiled code so that a start-up does not pay for a TypeScript loader and for
 * loading ~150 framework modules one by one: esbuild bundles the framework into a few files
 * (the CLI, the public API, one chunk per command). Each build lives in a directory named after
 * a fingerprint of everything it is made from (the framework's files, the build code, tsconfig,
 * package.json, esbuild's version), so an edited source file gives a new fingerprint and a new
 * build: compiled code older than its sources is never run. Builds are written under a temporary
 * name and renamed, so a process never sees half a build, and concurrent processes that both
 * build simply keep whichever rename came first.
 *
 * Sources that do not compile (a file mid-edit, an import of a file not written yet) give the
 * error instead, remembered for that fingerprint so that it is not tried again until a file
 * changes: the caller can run the sources, where such an error only stops the command that
 * loads the file.
 * @returns {Promise<{ cli: string } | { error: string }>} the compiled CLI's file URL, or why not
 */
export async function compiledFramework() {
  const dir = join(CACHE, frameworkFingerprint())
  const failed = `${dir}.failed`
  if (existsSync(failed)) return { error: readFileSync(failed, 'utf8') }
  if (!existsSync(dir)) {
    try {
      await build(dir)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      try {
        mkdirSync(CACHE, { recursive: true })
        writeFileSync(failed, message)
      } catch {
        // Not remembered (a read-only node_modules): the next start tries again.
      }
      return { error: message }
    }
  }
  return { cli: pathToFileURL(join(dir, 'framework', 'cli', 'main.js')).href }
}

function frameworkFingerprint() {
  const frameworkDir = join(ROOT, 'framework')
  const frameworkFiles = readdirSync(frameworkDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
  const compilerFiles = readdirSync(join(ROOT, 'bin', 'compile')).map((name) =>
    join(ROOT, 'bin', 'compile', name),
  )
  return statFingerprint([
    ...frameworkFiles,
    ...compilerFiles,
    join(ROOT, 'tsconfig.json'),
    join(ROOT, 'package.json'),
    join(ROOT, 'node_modules', 'esbuild', 'package.json'),
  ])
}

/** @param {string} dir */
async function build(dir) {
  // Imported here: a start-up that finds its build only checks the fingerprint.
  const esbuild = await import('esbuild')
  const { keepImportMeta } = await import('./keep-import-meta.js')
  const { REQUIRE_BANNER, requireCommonJs } = await import('./require-commonjs.js')
  const temp = `${dir}.${process.pid}.tmp`
  rmSync(temp, { recursive: true, force: true })
  const built = esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: ['framework/cli/main.ts', 'framework/index.ts'],
    outbase: ROOT,
    outdir: temp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // Dependencies load from node_modules as they would from the sources: one copy of each.
    packages: 'external',
    define: {
      // Read by framework/util/import-user-module.ts: how compiled code imports a user's module.
      MEDALLION_COMPILED: JSON.stringify({
        api: pathToFileURL(join(dir, 'framework', 'index.js')).href,
        userModules: new URL('./user-module.js', import.meta.url).href,
      }),
    },
    plugins: [keepImportMeta(), requireCommonJs()],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  })
  await built.catch((error) => {
    rmSync(temp, { recursive: true, force: true })
    throw error
  })
  try {
    renameSync(temp, dir)
  } catch (error) {
    rmSync(temp, { recursive: true, force: true })
    if (!existsSync(dir)) throw error
  }
  pruneOldBuilds(dir)
}

/**
 * Deletes builds (and failure markers, and temporary directories left by a crash) that are neither
 * among the newest nor recent: a long-running process (medallion dev) may still load chunks of the
 * build it started from, and another process may be writing a temporary directory.
 * @param {string} current
 */
function pruneOldBuilds(current) {
  const now = Date.now()
  const builds = readdirSync(CACHE)
    .map((name) => join(CACHE, name))
    .filter((path) => path !== current)
    .map((path) => ({ path, mtimeMs: statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? now }))
    .sort((a, b) => b.mtimeMs - a.mtimeMs)
  for (const { path, mtimeMs } of builds.slice(KEEP_OLD_BUILDS)) {
    if (now - mtimeMs > KEEP_RECENT_MS) rmSync(path, { recursive: true, force: true })
  }
}
