import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * esbuild plugin: in a bundle, `import.meta` would be the bundle's, so a module that finds files
 * next to itself (`new URL('../ui/dist', import.meta.url)`) would look in the cache directory.
 * Each module that mentions `import.meta` is first compiled on its own with its `url`, `dirname`
 * and `filename` written in as its source file's. Anything else on `import.meta` (`resolve`) has
 * no such value, so it is refused rather than silently pointed at the bundle.
 * @returns {import('esbuild').Plugin}
 */
export function keepImportMeta() {
  return {
    name: 'keep-import-meta',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8')
        if (!source.includes('import.meta')) return undefined
        const compiled = await build.esbuild.build({
          entryPoints: [path],
          bundle: false,
          write: false,
          format: 'esm',
          platform: 'node',
          target: build.initialOptions.target ?? 'node20',
          sourcemap: build.initialOptions.sourcemap ? 'inline' : false,
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(path).href),
            'import.meta.dirname': JSON.stringify(dirname(path)),
            'import.meta.filename': JSON.stringify(path),
          },
          logLevel: 'silent',
        })
        const contents = compiled.outputFiles[0]?.text ?? ''
        if (/\bimport\.meta\b/.test(contents.replace(/\/\/# sourceMappingURL=.*$/m, ''))) {
          return {
            errors: [
              {
                text: `${path} uses import.meta for something other than url, dirname or filename, which bundled code cannot keep. Use import.meta.url (with new URL or fileURLToPath) instead.`,
              },
            ],
          }
        }
        return { contents, loader: 'js', resolveDir: dirname(path) }
      })
    },
  }
}
