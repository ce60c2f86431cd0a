import type { Definitions } from '../definitions/definitions.js'
import type { Instance } from '../instance/instance.js'
import { openInstance } from '../instance/open-instance.js'
import { loadDefinitions } from './load-definitions.js'
import { createOutput, type Output } from './output.js'

/** Options every command takes (see main.ts). */
export interface GlobalOptions {
  readonly dataDir: string
  readonly definitions: string
  readonly json: boolean
}

export interface Workspace {
  readonly definitions: Definitions
  readonly instance: Instance
  readonly out: Output
}

/** Loads the definitions, opens the instance, runs `fn`, and always closes the instance. */
export async function withWorkspace<T>(
  options: GlobalOptions,
  fn: (workspace: Workspace) => Promise<T>,
): Promise<T> {
  const definitions = await loadDefinitions(options.definitions)
  const instance = await openInstance({ dataDir: options.dataDir })
  try {
    return await fn({ definitions, instance, out: createOutput(options.json) })
  } finally {
    await instance.close()
  }
}
