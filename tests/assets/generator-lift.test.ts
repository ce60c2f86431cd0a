import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { generateData } from '../../assets/generator/generate-data.js'
import { measureLift } from '../../assets/generator/measure-lift.js'
import { readLines } from './generator-helpers.js'

const tmp = mkdtempSync(join(tmpdir(), 'medallion-generator-lift-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

describe('generateData: planted lift', () => {
  // Small scale, so the planted collab lift is strong (2.0) to stay far outside sampling noise;
  // the 50,000-user check against the default 1.23 is assets/generator/check-lift.ts.
  it('makes real_time_collab adopters convert more often, and dark_mode adopters as often', async () => {
    const out = join(tmp, 'lift')
    await generateData({ users: 4000, days: 90, collabLift: 2, out })
    const rows = await measureLift(out)
    const lift = (name: string): number =>
      rows.find((r) => r.feature_name === name)?.lift ?? Number.NaN
    expect(lift('real_time_collab')).toBeGreaterThan(1.5)
    expect(lift('real_time_collab')).toBeLessThan(2.6)
    expect(Math.abs(lift('dark_mode') - 1)).toBeLessThan(0.3)
    // The sunset feature is disabled in its current state, so it has no lift row.
    expect(rows.map((r) => r.feature_name)).not.toContain('legacy_reports')
  })
})

describe('generate-data CLI', () => {
  it('writes one events file with --no-events-per-file-day and prints a one-line summary', async () => {
    const out = join(tmp, 'cli')
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'assets/generator/main.ts',
        '--users',
        '50',
        '--days',
        '20',
        '--no-events-per-file-day',
        '--out',
        out,
      ],
      { cwd: join(import.meta.dirname, '../..') },
    )
    expect(stdout.trim().split('\n')).toHaveLength(1)
    expect(stdout).toMatch(/50 signups, (\d+) events/)
    const events = Number(/(\d+) events,/.exec(stdout)?.[1])
    expect(readLines(join(out, 'feature_usage_events.jsonl'))).toHaveLength(events)
    expect(existsSync(join(out, 'feature_usage_events'))).toBe(false)
  })

  it('exits 2 with a usage message for a bad option', async () => {
    const run = promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'assets/generator/main.ts', '--users', '-3', '--out', join(tmp, 'x')],
      {
        cwd: join(import.meta.dirname, '../..'),
      },
    )
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--users must be a whole number'),
    })
  })
})
