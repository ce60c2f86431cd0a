import { pathToFileURL } from 'node:url'

/**
 * Written in by bin/compile/framework.js when it compiles the framework (an esbuild `define`):
 * the compiled public API, and the module that bundles a user's code against it. Not defined when
 * the framework runs from its TypeScript sources (tsx, vitest), which import user modules as they are.
 */
declare const MEDALLION_COMPILED: { readonly api: string; readonly userModules: string } | undefined

interface UserModuleBundler {
  importUserModule(path: string, api: string): Promise<Record<string, unknown>>
}

/**
 * Imports a user's module (definitions, medallion.config.ts) by absolute path. From compiled code
 * it is bundled first, so that TypeScript loads without a loader and its imports of the
 * framework reach the copy that is running.
 */
export async function importUserModule(path: string): Promise<Record<string, unknown>> {
  if (typeof MEDALLION_COMPILED === 'undefined') return import(pathToFileURL(path).href)
  const bundler = (await import(MEDALLION_COMPILED.userModules)) as UserModuleBundler
  return bundler.importUserModule(path, MEDALLION_COMPILED.api)
}
