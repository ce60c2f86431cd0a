import { spawnSync } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../helpers/temp-dir.js'

// bin/medallion.js runs the framework compiled by esbuild (bin/compile/) and bundles the user's
// TypeScript against it. These tests run the real CLI on projects written to a temp dir.
const ROOT = join(import.meta.dirname, '../..')
// Projects in a temp dir have no node_modules: they import zod and the framework by URL.
const FRAMEWORK = pathToFileURL(join(ROOT, 'framework/index.js')).href
// zod's ES module entry, the one the framework imports: one copy of zod's schemas.
const ZOD = pathToFileURL(
  join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'index.js'),
).href

function run(bin: string, args: readonly string[], cwd: string) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

const asset = (key: string) =>
  `defineAsset({ key: '${key}', schema: z.object({ n: z.number() }), materialize: () => sql\`select 1 as n\` })`

describe('compiled CLI: user modules', () => {
  const temp = makeTempDir('medallion-compiled-')
  const bin = join(ROOT, 'bin/medallion.js')
  const list = (definitions: string) =>
    run(
      bin,
      ['--data-dir', join(temp.dir, 'data'), '--definitions', definitions, 'list', '--json'],
      temp.dir,
    )
  const keys = (definitions: string) => {
    const result = list(definitions)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    return (JSON.parse(result.stdout) as { key: string }[]).map((row) => row.key)
  }
  afterAll(() => temp.remove())

  it('sees an edit to any file of the project on the next run', () => {
    const dir = join(temp.dir, 'edited')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'assets.ts'),
      `import * as z from '${ZOD}'\nimport { defineAsset, sql } from '${FRAMEWORK}'\nexport const assets = [${asset('silver/a')}]\n`,
    )
    writeFileSync(
      join(dir, 'definitions.ts'),
      `import { defineDefinitions } from '${FRAMEWORK}'\nimport { assets } from './assets.js'\nexport default defineDefinitions({ assets })\n`,
    )
    const definitions = join(dir, 'definitions.ts')
    expect(keys(definitions)).toEqual(['silver/a'])
    writeFileSync(
      join(dir, 'assets.ts'),
      `import * as z from '${ZOD}'\nimport { defineAsset, sql } from '${FRAMEWORK}'\nexport const assets = [${asset('silver/a')}, ${asset('silver/b')}]\n`,
    )
    expect(keys(definitions)).toEqual(['silver/a', 'silver/b'])
  })

  it("keeps each file's import.meta.url and import.meta.dirname", () => {
    const dir = join(temp.dir, 'meta')
    mkdirSync(join(dir, 'nested'), { recursive: true })
    writeFileSync(join(dir, 'nested', 'keys.json'), JSON.stringify(['gold/x', 'gold/y']))
    writeFileSync(join(dir, 'nested', 'names.txt'), 'gold/z')
    writeFileSync(
      join(dir, 'nested', 'assets.ts'),
      [
        "import { readFileSync } from 'node:fs'",
        "import { join } from 'node:path'",
        `import * as z from '${ZOD}'`,
        `import { defineAsset, sql } from '${FRAMEWORK}'`,
        "const fromUrl: string[] = JSON.parse(readFileSync(new URL('./keys.json', import.meta.url), 'utf8'))",
        "const fromDirname = readFileSync(join(import.meta.dirname, 'names.txt'), 'utf8').trim()",
        'export const assets = [...fromUrl, fromDirname].map((key) => defineAsset({ key, schema: z.object({ n: z.number() }), materialize: () => sql`select 1 as n` }))',
      ].join('\n'),
    )
    writeFileSync(
      join(dir, 'definitions.ts'),
      `import { defineDefinitions } from '${FRAMEWORK}'\nimport { assets } from './nested/assets.js'\nexport default defineDefinitions({ assets })\n`,
    )
    expect(keys(join(dir, 'definitions.ts'))).toEqual(['gold/x', 'gold/y', 'gold/z'])
  })

  it("shares the CLI's framework: an error the definitions throw is reported as the framework's", () => {
    const dir = join(temp.dir, 'bad-cron')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'definitions.ts'),
      [
        `import * as z from '${ZOD}'`,
        `import { defineAsset, defineDefinitions, onCron, sql } from '${FRAMEWORK}'`,
        "const a = defineAsset({ key: 'silver/a', schema: z.object({ n: z.number() }), automation: onCron('every tuesday'), materialize: () => sql`select 1 as n` })",
        'export default defineDefinitions({ assets: [a] })',
      ].join('\n'),
    )
    const result = list(join(dir, 'definitions.ts'))
    expect(result.status).toBe(2)
    // isFrameworkError is an instanceof check: it holds only if both sides are one framework.
    expect(JSON.parse(result.stdout)).toMatchObject({
      error: { code: 'DEFINITION_INVALID', message: expect.stringContaining('every tuesday') },
    })
  })

  it('refuses an import of a framework file other than its public API, and says which to use', () => {
    const dir = join(temp.dir, 'internal')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'definitions.ts'),
      `import { defineDefinitions } from '${pathToFileURL(join(ROOT, 'framework/definitions/define-definitions.js')).href}'\nexport default defineDefinitions({ assets: [] })\n`,
    )
    const result = list(join(dir, 'definitions.ts'))
    expect(result.status).toBe(2)
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } }
    expect(error.code).toBe('DEFINITIONS_LOAD_FAILED')
    expect(error.message).toContain('framework/definitions/define-definitions.ts is internal')
    expect(error.message).toContain('framework/index.js')
  })

  it('refuses import.meta.resolve, which a bundle cannot keep', () => {
    const dir = join(temp.dir, 'resolve')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'definitions.ts'),
      `import { defineDefinitions } from '${FRAMEWORK}'\nexport const where = import.meta.resolve('./x.js')\nexport default defineDefinitions({ assets: [] })\n`,
    )
    const result = list(join(dir, 'definitions.ts'))
    expect(result.status).toBe(2)
    expect(JSON.parse(result.stdout).error.message).toContain(
      'uses import.meta for something other than url, dirname or filename',
    )
  })
})

describe('compiled CLI: the framework build', () => {
  // A copy of the framework and the CLI with its own node_modules/.cache, so that its builds
  // can be counted and its sources edited.
  const temp = makeTempDir('medallion-compiled-framework-')
  const copy = join(temp.dir, 'repo')
  const bin = join(copy, 'bin/medallion.js')
  const builds = () => join(copy, 'node_modules/.cache/medallion/framework')
  const definitions = join(copy, 'project/definitions.ts')
  const cli = (...args: string[]) =>
    run(bin, ['--data-dir', join(temp.dir, 'data'), '--definitions', definitions, ...args], copy)

  beforeAll(() => {
    for (const part of ['framework', 'bin', 'tsconfig.json', 'package.json']) {
      cpSync(join(ROOT, part), join(copy, part), { recursive: true })
    }
    mkdirSync(join(copy, 'node_modules'))
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry !== '.cache') {
        symlinkSync(join(ROOT, 'node_modules', entry), join(copy, 'node_modules', entry))
      }
    }
    mkdirSync(join(copy, 'project'))
    writeFileSync(
      definitions,
      `import * as z from 'zod'\nimport { defineAsset, defineDefinitions, sql } from '../framework/index.js'\nexport default defineDefinitions({ assets: [${asset('silver/a')}] })\n`,
    )
  })
  afterAll(() => temp.remove())

  it('builds once, and again after a framework file changes: never runs an older build', () => {
    const first = cli('--help')
    expect(first.status).toBe(0)
    expect(first.stdout).toContain('Software-defined assets for the lakehouse')
    expect(readdirSync(builds())).toHaveLength(1)
    expect(cli('list').status).toBe(0)
    expect(readdirSync(builds())).toHaveLength(1)

    const main = join(copy, 'framework/cli/main.ts')
    writeFileSync(
      main,
      readFileSync(main, 'utf8').replace(
        'Software-defined assets for the lakehouse',
        'Edited description',
      ),
    )
    const edited = cli('--help')
    expect(edited.stdout).toContain('Edited description')
    expect(readdirSync(builds()).filter((name) => !name.endsWith('.failed'))).toHaveLength(2)
  })

  it('runs the sources when the framework does not compile, so a file mid-edit stops only its command', () => {
    const runs = join(copy, 'framework/cli/commands/runs.ts')
    writeFileSync(runs, `import './not-written-yet.js'\n${readFileSync(runs, 'utf8')}`)
    const list = cli('list', '--json')
    expect(list.status).toBe(0)
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ key: 'silver/a' })])
    expect(readdirSync(builds()).filter((name) => name.endsWith('.failed'))).toHaveLength(1)
    const failed = cli('runs')
    expect(failed.status).not.toBe(0)
    expect(failed.stderr).toContain('not-written-yet')
    expect(existsSync(join(copy, 'framework/cli/commands/not-written-yet.js'))).toBe(false)
  })
})
