import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const NAMESPACE = 'require-commonjs'
const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/**
 * esbuild plugin: a package whose `import` entry is CommonJS is loaded with require() rather than
 * import. Importing CommonJS from an ES module makes Node parse the package's files for their
 * export names first; for @duckdb/node-api that costs about a third of the package's load time.
 * require() returns the same module object Node's import would wrap (one CommonJS cache), so
 * code that imports the package elsewhere still shares it. ES module packages stay imports.
 * @returns {import('esbuild').Plugin}
 */
export function requireCommonJs() {
  return {
    name: NAMESPACE,
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path, kind }) => {
        if (kind !== 'import-statement' || path.startsWith('node:') || !isCommonJs(path)) {
          return undefined
        }
        return { path, namespace: NAMESPACE }
      })
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => ({
        contents: `module.exports = require(${JSON.stringify(path)})`,
        loader: 'js',
        // Where the require() inside resolves from: the package stays external, as all packages.
        resolveDir: ROOT,
      }))
    },
  }
}

/**
 * The banner that gives each bundled file the `require` the plugin's modules call.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);"

/** @param {string} specifier a package name, resolved from this directory's node_modules */
function isCommonJs(specifier) {
  let file
  try {
    file = fileURLToPath(import.meta.resolve(specifier))
  } catch {
    return false
  }
  if (file.endsWith('.cjs')) return true
  if (!file.endsWith('.js')) return false
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).type !== 'module'
  }
  return true
}
