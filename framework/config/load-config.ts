import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { z } from 'zod'
import { FrameworkError } from '../errors.js'
import { importUserModule } from '../util/import-user-module.js'
import { ExecutorConfig, InstanceStoreConfig, MedallionConfig } from './config-schema.js'

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
 * (MEDALLION_INSTANCE_STORE, MEDALLION_POSTGRES_URL, MEDALLION_EXECUTOR, MEDALLION_REDIS_URL) on top, validated; defaults for the rest.
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<MedallionConfig> {
  const file = join(resolve(options.root ?? '.'), CONFIG_FILE)
  const fromFile = existsSync(file) ? await readConfigFile(file) : MedallionConfig.parse({})
  return applyEnv(fromFile, options.env ?? process.env)
}

async function readConfigFile(file: string): Promise<MedallionConfig> {
  let module: { default?: unknown }
  try {
    module = await importUserModule(file)
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

/** A part of the configuration that two environment variables can replace: its kind and a URL. */
interface EnvSwitch<C extends { readonly kind: string }> {
  readonly schema: z.ZodType<C, unknown>
  /** Picks the kind. */
  readonly kindVar: string
  /** Replaces the URL of the kind that has one. */
  readonly urlVar: string
  readonly urlKind: C['kind']
  /** The URL's field in the part, and what it points at (for the error). */
  readonly urlField: string
  readonly urlPath: string
  readonly urlWhat: string
  readonly example: string
}

const STORE_SWITCH: EnvSwitch<InstanceStoreConfig> = {
  schema: InstanceStoreConfig,
  kindVar: 'MEDALLION_INSTANCE_STORE',
  urlVar: 'MEDALLION_POSTGRES_URL',
  urlKind: 'postgres',
  urlField: 'url',
  urlPath: 'instanceStore.url',
  urlWhat: "the database's URL",
  example: 'postgres://user:password@host:5432/medallion',
}

const EXECUTOR_SWITCH: EnvSwitch<ExecutorConfig> = {
  schema: ExecutorConfig,
  kindVar: 'MEDALLION_EXECUTOR',
  urlVar: 'MEDALLION_REDIS_URL',
  urlKind: 'queue',
  urlField: 'redisUrl',
  urlPath: 'executor.redisUrl',
  urlWhat: "Redis's URL",
  example: 'redis://host:6379',
}

/**
 * MEDALLION_INSTANCE_STORE and MEDALLION_POSTGRES_URL replace the store; MEDALLION_EXECUTOR and
 * MEDALLION_REDIS_URL the executor. A URL variable alone does not switch the kind.
 */
function applyEnv(
  config: MedallionConfig,
  env: Readonly<Record<string, string | undefined>>,
): MedallionConfig {
  return {
    instanceStore: switchFromEnv(config.instanceStore, STORE_SWITCH, env),
    executor: switchFromEnv(config.executor, EXECUTOR_SWITCH, env),
  }
}

function switchFromEnv<C extends { readonly kind: string }>(
  current: C,
  from: EnvSwitch<C>,
  env: Readonly<Record<string, string | undefined>>,
): C {
  const kind = nonEmpty(env[from.kindVar])
  const url = nonEmpty(env[from.urlVar])
  if (kind === undefined && url === undefined) return current
  const chosen = kind ?? current.kind
  if (chosen !== from.urlKind) return check(from.schema, { kind: chosen }, from.kindVar, false)
  // Settings of the same kind from the file (a queue's name, say) stay; the variables replace the rest.
  const kept: Record<string, unknown> = current.kind === chosen ? { ...current } : {}
  const chosenUrl = url ?? kept[from.urlField]
  if (chosenUrl === undefined) {
    throw new FrameworkError(
      'CONFIG_INVALID',
      `${from.kindVar}: "${chosen}" needs ${from.urlWhat}. Set ${from.urlVar}=${from.example}, or ${from.urlPath} in ${CONFIG_FILE}.`,
    )
  }
  const part = { ...kept, kind: chosen, [from.urlField]: chosenUrl }
  return check(from.schema, part, url === undefined ? from.kindVar : from.urlVar, false)
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
