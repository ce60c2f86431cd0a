import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../framework/config/config-schema.js'
import { loadConfig } from '../../framework/config/load-config.js'
import { makeTempDir } from '../helpers/temp-dir.js'

const SCHEMA_MODULE = resolve(import.meta.dirname, '../../framework/config/config-schema.ts')
const URL_A = 'postgres://medallion:pw@db-a:5432/medallion'
const URL_B = 'postgresql://medallion@db-b/medallion'

describe('loadConfig', () => {
  let temp: ReturnType<typeof makeTempDir>
  beforeEach(() => {
    temp = makeTempDir('medallion-config-')
    root = ''
  })
  afterEach(() => temp.remove())

  let root = ''
  let written = 0
  // A new folder per file: a module, once imported, stays cached under its path.
  const writeConfig = (body: string) => {
    written += 1
    root = join(temp.dir, String(written))
    mkdirSync(root)
    writeFileSync(join(root, 'medallion.config.ts'), body)
  }
  const load = (env: Record<string, string> = {}) => loadConfig({ root: root || temp.dir, env })
  const failure = async (env: Record<string, string> = {}) => {
    const error = await load(env).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' })
    return (error as Error).message
  }

  it('without a file or variables: SQLite and in-process runs', async () => {
    expect(await load()).toEqual({
      instanceStore: { kind: 'sqlite' },
      executor: { kind: 'in-process' },
    })
    expect(DEFAULT_CONFIG).toEqual(await load())
  })

  it('reads defineConfig() from medallion.config.ts, filling in what it leaves out', async () => {
    writeConfig(
      `import { defineConfig } from ${JSON.stringify(SCHEMA_MODULE)}
       export default defineConfig({ instanceStore: { kind: 'postgres', url: ${JSON.stringify(URL_A)} } })`,
    )
    expect(await load()).toEqual({
      instanceStore: { kind: 'postgres', url: URL_A },
      executor: { kind: 'in-process' },
    })
  })

  it('parses the queue executor, with its queue name and lease defaulted', async () => {
    writeConfig(
      `export default { executor: { kind: 'queue', redisUrl: 'redis://127.0.0.1:6379' } }`,
    )
    expect((await load()).executor).toEqual({
      kind: 'queue',
      redisUrl: 'redis://127.0.0.1:6379',
      queue: 'medallion',
      leaseMs: 30_000,
    })
    writeConfig(
      `export default { executor: { kind: 'queue', redisUrl: 'redis://r', queue: 'a b' } }`,
    )
    expect(await failure()).toContain('executor.queue: must be letters')
  })

  it('MEDALLION_EXECUTOR and MEDALLION_REDIS_URL pick the queue, keeping the queue settings of the file', async () => {
    expect(
      (await load({ MEDALLION_EXECUTOR: 'queue', MEDALLION_REDIS_URL: 'redis://r:6379' })).executor,
    ).toEqual({ kind: 'queue', redisUrl: 'redis://r:6379', queue: 'medallion', leaseMs: 30_000 })
    writeConfig(
      `export default { executor: { kind: 'queue', redisUrl: 'redis://a', queue: 'plg', leaseMs: 5000 } }`,
    )
    expect((await load({ MEDALLION_REDIS_URL: 'redis://b' })).executor).toEqual({
      kind: 'queue',
      redisUrl: 'redis://b',
      queue: 'plg',
      leaseMs: 5000,
    })
    expect((await load({ MEDALLION_EXECUTOR: 'in-process' })).executor).toEqual({
      kind: 'in-process',
    })
  })

  it('names the file and the field at fault', async () => {
    writeConfig(`export default { instanceStore: { kind: 'postgres', url: 'mysql://x' } }`)
    const message = await failure()
    expect(message).toContain('medallion.config.ts: instanceStore.url:')
    expect(message).toContain('postgres://')

    writeConfig(`export default { executor: { kind: 'queue' } }`)
    expect(await failure()).toContain('medallion.config.ts: executor.redisUrl:')

    writeConfig(`export default { instanceStore: { kind: 'mongo' } }`)
    expect(await failure()).toContain('instanceStore.kind')

    writeConfig(`export default { instanceStore: { kind: 'sqlite' }, storage: {} }`)
    expect(await failure()).toContain('storage')
  })

  it('a file that does not load, or exports nothing, is CONFIG_INVALID', async () => {
    writeConfig(`export default {{`)
    expect(await failure()).toContain('medallion.config.ts: could not be loaded')
    writeConfig(`export const config = {}`)
    expect(await failure()).toContain('export default defineConfig')
  })

  it('MEDALLION_INSTANCE_STORE=postgres with MEDALLION_POSTGRES_URL selects PostgreSQL', async () => {
    expect(
      (await load({ MEDALLION_INSTANCE_STORE: 'postgres', MEDALLION_POSTGRES_URL: URL_B }))
        .instanceStore,
    ).toEqual({ kind: 'postgres', url: URL_B })
  })

  it('MEDALLION_POSTGRES_URL replaces the file URL; MEDALLION_INSTANCE_STORE=sqlite overrides the file', async () => {
    writeConfig(
      `export default { instanceStore: { kind: 'postgres', url: ${JSON.stringify(URL_A)} } }`,
    )
    expect((await load({ MEDALLION_POSTGRES_URL: URL_B })).instanceStore).toEqual({
      kind: 'postgres',
      url: URL_B,
    })
    expect((await load({ MEDALLION_INSTANCE_STORE: 'postgres' })).instanceStore).toEqual({
      kind: 'postgres',
      url: URL_A,
    })
    expect((await load({ MEDALLION_INSTANCE_STORE: 'sqlite' })).instanceStore).toEqual({
      kind: 'sqlite',
    })
  })

  it('bad variables are CONFIG_INVALID naming the variable', async () => {
    expect(await failure({ MEDALLION_INSTANCE_STORE: 'postgres' })).toContain(
      'MEDALLION_POSTGRES_URL',
    )
    expect(await failure({ MEDALLION_INSTANCE_STORE: 'mysql' })).toContain(
      'MEDALLION_INSTANCE_STORE',
    )
    expect(
      await failure({ MEDALLION_INSTANCE_STORE: 'postgres', MEDALLION_POSTGRES_URL: 'db:5432' }),
    ).toContain('MEDALLION_POSTGRES_URL: must be a URL')
    expect(await failure({ MEDALLION_EXECUTOR: 'queue' })).toContain(
      'Set MEDALLION_REDIS_URL=redis://',
    )
    expect(await failure({ MEDALLION_EXECUTOR: 'queue', MEDALLION_REDIS_URL: 'r:6379' })).toContain(
      'MEDALLION_REDIS_URL: must be a URL',
    )
  })

  it('empty variables count as unset', async () => {
    expect(
      (await load({ MEDALLION_INSTANCE_STORE: '', MEDALLION_POSTGRES_URL: ' ' })).instanceStore,
    ).toEqual({ kind: 'sqlite' })
  })
})
