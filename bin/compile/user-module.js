import { createHash } from 'node:crypto'
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
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { stampsUnchanged, statFingerprint, statStamps } from './fingerprint.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const FRAMEWORK_DIR = join(ROOT, 'framework') + sep
const PUBLIC_API = join(ROOT, 'framework', 'index.ts')
/** How far a file's modification time may lag the clock (see bundle). */
const MTIME_MARGIN_MS = 50
/** Bundles of a module older than this are deleted when it is bundled again. */
const OLD_BUNDLE_MS = 24 * 60 * 60 * 1000

/**
 * @typedef {object} Manifest What a bundle was made from, to tell whether it is still current.
 * @property {string} api the compiled public API the bundle imports
 * @property {string} compiler fingerprint of this code and esbuild's version
 * @property {Array<[string, number, number]>} inputs every bundled file: path, size, mtime
 * @property {string} output the bundle's file name, next to the manifest
 */

/**
 * Imports a user's module (definitions, medallion.config.ts; TypeScript or JavaScript) when the
 * framework runs compiled (bin/compile/framework.js), without a TypeScript loader: esbuild
 * bundles the module with the files it imports into one ES module, leaving packages to
 * node_modules, and points its imports of framework/index at `api`, the compiled public API
 * the CLI is running, so that the user's code and the CLI share one framework. The bundle is
 * cached in the project's node_modules/.cache and rebuilt as soon as one of its files changes.
 * @param {string} path absolute path of the module
 * @param {string} api file URL of the compiled framework/index.js
 * @returns {Promise<Record<string, unknown>>} the module's exports
 */
export async function importUserModule(path, api) {
  const dir = cacheDir(path)
  const compiler = compilerFingerprint()
  const cached = readManifest(dir)
  const manifest =
    cached !== undefined &&
    cached.api === api &&
    cached.compiler === compiler &&
    existsSync(join(dir, cached.output)) &&
    stampsUnchanged(cached.inputs)
      ? cached
      : await bundle(path, api, compiler, dir)
  // Stack traces through the user's code then point at its own files and lines. Node reads the
  // source map of every module loaded once this is on, and packages ship theirs as files: the
  // framework (and the packages it loads) is loaded before, so that only the bundle's is read.
  await import(api)
  process.setSourceMapsEnabled(true)
  return import(pathToFileURL(join(dir, manifest.output)).href)
}

/**
 * Under the project's node_modules (the nearest package.json's directory), so that the bundle's
 * package imports resolve to the same node_modules as the module's own would.
 * @param {string} path
 */
function cacheDir(path) {
  let root = dirname(path)
  while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root)
  if (!existsSync(join(root, 'package.json'))) root = dirname(path)
  const name = createHash('sha256').update(path).digest('hex').slice(0, 16)
  return join(root, 'node_modules', '.cache', 'medallion', 'modules', name)
}

function compilerFingerprint() {
  const compileDir = dirname(fileURLToPath(import.meta.url))
  return statFingerprint([
    ...readdirSync(compileDir).map((name) => join(compileDir, name)),
    join(ROOT, 'node_modules', 'esbuild', 'package.json'),
  ])
}

/**
 * @param {string} dir
 * @returns {Manifest | undefined}
 */
function readManifest(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
  } catch {
    return undefined
  }
}

/**
 * @param {string} path
 * @param {string} api
 * @param {string} compiler
 * @param {string} dir
 * @returns {Promise<Manifest>}
 */
async function bundle(path, api, compiler, dir) {
  // Imported here: a start-up that finds its bundle current only stats its files.
  const esbuild = await import('esbuild')
  const { keepImportMeta } = await import('./keep-import-meta.js')
  const started = Date.now()
  const result = await esbuild.build({
    entryPoints: [path],
    // Errors name files relative to where the command runs.
    absWorkingDir: process.cwd(),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'inline',
    sourcesContent: false,
    outfile: join(dir, 'bundle.mjs'),
    plugins: [compiledFrameworkImports(api), keepImportMeta()],
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  const output = `${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`
  /** @type {Manifest} */
  const manifest = {
    api,
    compiler,
    inputs: statStamps(Object.keys(result.metafile.inputs).map((input) => resolve(input))),
    output,
  }
  mkdirSync(dir, { recursive: true })
  writeAtomically(join(dir, output), code)
  // A file saved while esbuild read it may be in the bundle as it was before: without a manifest
  // the next start bundles again. (File times come from a coarse clock, hence the margin.)
  const settled = manifest.inputs.every(([, , mtimeMs]) => mtimeMs < started - MTIME_MARGIN_MS)
  if (settled) writeAtomically(join(dir, 'manifest.json'), JSON.stringify(manifest))
  pruneOldBundles(dir, output)
  return manifest
}

/**
 * Resolves the module's relative and absolute imports: framework/index becomes the compiled
 * public API; a file in node_modules stays external (one copy of each package); the rest of the
 * framework is refused, since a second copy of it would not share the CLI's state.
 * @param {string} api
 * @returns {import('esbuild').Plugin}
 */
function compiledFrameworkImports(api) {
  const self = Symbol('compiled-framework')
  return {
    name: 'compiled-framework',
    setup(build) {
      build.onResolve({ filter: /^(\.|\/|file:)/ }, async (args) => {
        if (args.pluginData === self || args.kind === 'entry-point') return undefined
        const specifier = args.path.startsWith('file:') ? fileURLToPath(args.path) : args.path
        const resolved = await build.resolve(specifier, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: self,
        })
        if (resolved.errors.length > 0) return { errors: resolved.errors }
        if (resolved.path === PUBLIC_API) return { path: api, external: true }
        if (resolved.path.startsWith(FRAMEWORK_DIR)) {
          return {
            errors: [
              {
                text: `${relative(ROOT, resolved.path)} is internal to the framework, and the CLI runs a compiled framework whose only entry is its public API: import from ${relative(dirname(args.importer), PUBLIC_API).replace(/\.ts$/, '.js')} instead.`,
              },
            ],
          }
        }
        if (resolved.path.split(sep).includes('node_modules')) {
          return { path: pathToFileURL(resolved.path).href, external: true }
        }
        return { path: resolved.path, sideEffects: resolved.sideEffects }
      })
    },
  }
}

/**
 * @param {string} file
 * @param {string | Uint8Array} data
 */
function writeAtomically(file, data) {
  const temp = `${file}.${process.pid}.tmp`
  writeFileSync(temp, data)
  renameSync(temp, file)
}

/**
 * @param {string} dir
 * @param {string} current
 */
function pruneOldBundles(dir, current) {
  const now = Date.now()
  for (const name of readdirSync(dir)) {
    if (name === current || name === 'manifest.json') continue
    const file = join(dir, name)
    const stat = statSync(file, { throwIfNoEntry: false })
    if (stat !== undefined && now - stat.mtimeMs > OLD_BUNDLE_MS) rmSync(file, { force: true })
  }
}
