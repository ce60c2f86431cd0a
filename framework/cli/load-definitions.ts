import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { Definitions } from '../definitions/definitions.js'
import { FrameworkError, isFrameworkError } from '../errors.js'
import { importUserModule } from '../util/import-user-module.js'

/** Default module holding a project's definitions, relative to the working directory. */
export const DEFAULT_DEFINITIONS = 'assets/index.ts'

/**
 * Imports a definitions module: its `default` export or its `definitions` export must be what
 * `defineDefinitions` returned.
 */
export async function loadDefinitions(modulePath: string): Promise<Definitions> {
  const absolute = resolve(modulePath)
  if (!existsSync(absolute)) {
    throw new FrameworkError(
      'DEFINITIONS_LOAD_FAILED',
      `load definitions: ${absolute} does not exist.`,
      {
        hint: 'Pass --definitions <file> or set MEDALLION_DEFINITIONS to the module that exports defineDefinitions(...).',
      },
    )
  }
  let module: Record<string, unknown>
  try {
    module = await importUserModule(absolute)
  } catch (error) {
    if (isFrameworkError(error)) throw error
    throw new FrameworkError(
      'DEFINITIONS_LOAD_FAILED',
      `load definitions: importing ${modulePath} failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: 'Fix the error above in your definitions module, then run the command again.',
      },
    )
  }
  const definitions = module.default ?? module.definitions
  if (!isDefinitions(definitions)) {
    throw new FrameworkError(
      'DEFINITIONS_LOAD_FAILED',
      `load definitions: ${modulePath} exports no definitions.`,
      {
        hint: 'Export them: `export default defineDefinitions({ assets: [...], checks: [...] })`.',
      },
    )
  }
  return definitions
}

function isDefinitions(value: unknown): value is Definitions {
  return typeof value === 'object' && value !== null && 'assets' in value && 'graph' in value
}
