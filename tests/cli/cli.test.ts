import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir } from '../helpers/temp-dir.js'
import { runCli } from './run-cli.js'

const definitions = join(import.meta.dirname, 'fixtures/numbers-project.ts')

describe('medallion CLI', () => {
  let temp: ReturnType<typeof makeTempDir>
  let cli: (...args: string[]) => ReturnType<typeof runCli>
  const writeNumbers = (...numbers: number[]) =>
    writeFileSync(join(temp.dir, 'raw/numbers.csv'), `n\n${numbers.join('\n')}\n`)

  beforeAll(() => {
    temp = makeTempDir()
    mkdirSync(join(temp.dir, 'raw'))
    writeNumbers(1, 2, 3)
    cli = (...args) => runCli(['--definitions', definitions, '--data-dir', temp.dir, ...args])
  })
  afterAll(() => temp.remove())

  it('lists sources and assets in dependency order', () => {
    const result = cli('list', '--json')
    expect(result.status).toBe(0)
    const rows = result.json<{ key: string; type: string }[]>()
    expect(rows.map((row) => row.key)).toEqual([
      'raw/numbers',
      'bronze/numbers',
      'silver/doubled',
      'gold/total',
    ])
  })

  it('materializes everything, then reports it fresh', () => {
    const run = cli('materialize', '--select', '*')
    expect(run.status).toBe(0)
    expect(run.stdout).toMatch(/materialized bronze\/numbers/)
    expect(run.stdout).toMatch(/checks 1\/1 passed/)
    const status = cli('status', '--json').json<{ assets: { key: string; status: string }[] }>()
    expect(status.assets.map((asset) => asset.status)).toEqual(['fresh', 'fresh', 'fresh'])
  })

  it('explains staleness after a raw file changes, with the path to the root cause', () => {
    writeNumbers(1, 2, 3, 4)
    const status = cli('status', '--json').json<{
      assets: { key: string; status: string; causes: { category: string; path?: string[] }[] }[]
    }>()
    const [bronze, silver, gold] = status.assets
    expect(bronze?.causes.map((cause) => cause.category)).toEqual(['source'])
    expect(silver?.causes.map((cause) => cause.category)).toEqual(['dependency'])
    expect(gold?.causes[0]?.path).toEqual(['silver/doubled', 'bronze/numbers'])
  })

  it('exits 1 and skips downstream when a blocking check fails', () => {
    writeNumbers(1, -2)
    const run = cli('materialize', '--select', '*', '--stale', '--json')
    expect(run.status).toBe(1)
    const result = run.json<{ assets: { key: string; outcome: string; reason?: string }[] }>()
    expect(result.assets.find((asset) => asset.key === 'gold/total')).toMatchObject({
      outcome: 'skipped',
      reason: 'blocked_by_check',
    })
  })

  it('lists runs and prints a run log found by a prefix of its id', () => {
    const runs = cli('runs', '--json').json<{ runId: string; status: string }[]>()
    expect(runs.map((run) => run.status)).toEqual(['failure', 'success'])
    const runId = runs[0]?.runId ?? ''
    const logs = cli('logs', runId.slice(0, 8), '--json').json<{ events: { type: string }[] }>()
    expect(logs.events[0]?.type).toBe('run_started')
    expect(logs.events.at(-1)?.type).toBe('run_finished')
    expect(logs.events.map((event) => event.type)).toContain('step_skipped')
  })

  it('checks assets alone, as a run of its own', () => {
    const run = cli('check', '--select', 'silver/doubled', '--json')
    expect(run.status).toBe(1)
    expect(run.json<{ checks: { check: string; status: string }[] }>().checks).toEqual([
      expect.objectContaining({ check: 'positive', status: 'failed' }),
    ])
  })

  it('refuses to wipe without confirmation when not on a terminal, and wipes with --yes', () => {
    const refused = cli('wipe', '--select', 'gold/total')
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/--yes/)
    expect(cli('wipe', '--select', 'group:gold', '--yes').status).toBe(0)
    const status = cli('status', '--select', 'gold/total', '--json').json<{
      assets: { status: string }[]
    }>()
    expect(status.assets[0]?.status).toBe('missing')
  })

  it('exits 2 with a JSON error that points at the column of a bad selection', () => {
    const result = cli('list', '--select', 'key:bronze/* and', '--json')
    expect(result.status).toBe(2)
    const { error } = result.json<{ error: { code: string; message: string } }>()
    expect(error.code).toBe('SELECTION_SYNTAX')
    expect(error.message).toMatch(/column \d+/)
  })

  it('says how to fix a missing definitions module', () => {
    const result = runCli(['--definitions', 'nowhere/index.ts', 'list'])
    expect(result.status).toBe(2)
    expect(result.stderr).toMatch(/DEFINITIONS_LOAD_FAILED/)
    expect(result.stderr).toMatch(/--definitions/)
  })
})
