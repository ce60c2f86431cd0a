import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { runCli } from '../cli/run-cli.js'
import { makeTempDir } from '../helpers/temp-dir.js'

const temp = makeTempDir('medallion-automation-cli-')
afterAll(() => temp.remove())
const PROJECT = join(import.meta.dirname, 'fixtures/numbers-project.ts')
const cli = (...args: string[]) =>
  runCli(['--data-dir', temp.dir, '--definitions', PROJECT, ...args])

it('automation on|off switches globally and per selection; status shows both', () => {
  expect(cli('automation', 'off', '--select', 'key:gold/*').status).toBe(0)
  expect(cli('automation', 'off').status).toBe(0)
  const status = cli('--json', 'automation', 'status').json<{
    enabled: boolean
    assets: { key: string; policy: string; enabled: boolean }[]
  }>()
  expect(status.enabled).toBe(false)
  expect(status.assets.map((asset) => [asset.key, asset.policy, asset.enabled])).toEqual([
    ['bronze/numbers', 'any of (on cron @daily, new source files)', true],
    ['silver/doubled', 'eager', true],
    ['gold/total', 'eager', false],
  ])
  expect(cli('automation', 'on', '--select', 'key:gold/total').status).toBe(0)
  expect(cli('automation', 'on').status).toBe(0)
  const text = cli('automation', 'status')
  expect(text.stdout).toContain('Automation is on.')
  expect(text.stdout).toContain('No daemon has ticked yet')
})

it('ticks and why answer before any daemon ran; bad input is a usage error', () => {
  expect(cli('--json', 'automation', 'ticks').json()).toEqual({ ticks: [] })
  expect(cli('automation', 'why', 'gold/total').stdout).toContain('has not been evaluated yet')
  const noPolicy = cli('automation', 'why', 'raw/numbers')
  expect(noPolicy.status).toBe(2)
  expect(noPolicy.stderr).toContain('no automation policy')
  const badInterval = cli('daemon', '--interval', 'soon')
  expect(badInterval.status).toBe(2)
  expect(badInterval.stderr).toContain('--interval must be a duration')
})
