import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { z } from 'zod'
import { FrameworkError } from '../errors.js'
import { InstanceStoreConfig, MedallionConfig } from './config-schema.js'

/** The configuration file's name, looked for in the project root. */
export const CONFIG_FILE = 'medallion.config.ts'

export interface LoadConfigOptions {
  /** Where `medallion.config.ts` is looked for; default the current directory. */
  readonly root?: string
  /** Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/**
 * The project's configuration: `medallion.config.ts` when there is one, then the environment
 * (MEDALLION_INSTANCE_STORE, MEDALLION_POSTGRES_URL) on top, validated; defaults for the rest.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<MedallionConfig> {
  const file = join(resolve(options.root ?? '.'), CONFIG_FILE)
  const fromFile = existsSync(file) ? await readConfigFile(file) : MedallionConfig.parse({})
  return applyEnv(fromFile, options.env ?? process.env)
}

async function readConfigFile(file: string): Promise<MedallionConfig> {
  let module: { default?: unknown }
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown }
  } catch (cause) {
    throw new FrameworkError(
      'CONFIG_INVALID',
      `${CONFIG_FILE}: could not be loaded (${(cause as Error).message}). Fix the error in ${file}; run Medallion through its CLI (or tsx) so that TypeScript config files load.`,
      { cause },
    )
  }
  if (module.default === undefined) {
    throw new FrameworkError(
      'CONFIG_INVALID',
      `${CONFIG_FILE}: has no default export. Write \`export default defineConfig({ ... })\` in ${file}.`,
    )
  }
  return check(MedallionConfig, module.default, CONFIG_FILE)
}

/** MEDALLION_INSTANCE_STORE picks the store; MEDALLION_POSTGRES_URL replaces PostgreSQL's URL. */
function applyEnv(
  config: MedallionConfig,
  env: Readonly<Record<string, string | undefined>>,
): MedallionConfig {
  const kind = nonEmpty(env.MEDALLION_INSTANCE_STORE)
  const url = nonEmpty(env.MEDALLION_POSTGRES_URL)
  if (kind === undefined && url === undefined) return config
  const current = config.instanceStore
  const chosen = kind ?? current.kind
  if (chosen === 'postgres') {
    const postgresUrl = url ?? (current.kind === 'postgres' ? current.url : undefined)
    if (postgresUrl === undefined) {
      throw new FrameworkError(
        'CONFIG_INVALID',
        `MEDALLION_INSTANCE_STORE: "postgres" needs the database's URL. Set MEDALLION_POSTGRES_URL=postgres://user:password@host:5432/medallion, or instanceStore.url in ${CONFIG_FILE}.`,
      )
    }
    const store = { kind: 'postgres' as const, url: postgresUrl }
    // The file's URL was checked with the file; only a URL from the environment is new here.
    if (url !== undefined) check(InstanceStoreConfig, store, 'MEDALLION_POSTGRES_URL', false)
    return { ...config, instanceStore: store }
  }
  const store = check(InstanceStoreConfig, { kind: chosen }, 'MEDALLION_INSTANCE_STORE', false)
  return { ...config, instanceStore: store }
}

/**
 * Parses `value`, or throws CONFIG_INVALID naming `source` and, in the file, the field at fault
 * (a variable is one field already).
 */
function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  source: string,
  inFile = true,
): z.output<S> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const path = inFile ? (issue?.path ?? []) : []
  const field = path.length === 0 ? '' : `${path.join('.')}: `
  throw new FrameworkError(
    'CONFIG_INVALID',
    `${source}: ${field}${issue?.message ?? 'invalid'}. See docs/configuration.md for the accepted settings.`,
    { cause: parsed.error },
  )
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim()
}
