import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type DevServer, startDev } from '../../framework/cli/commands/dev.js'
import { makeTempDir } from '../helpers/temp-dir.js'

const DEFINITIONS = fileURLToPath(new URL('./fixtures/api-definitions.ts', import.meta.url))

describe('medallion dev', () => {
  const temp = makeTempDir('medallion-dev-')
  const uiDir = join(temp.dir, 'ui-dist')
  let dev: DevServer
  beforeAll(async () => {
    mkdirSync(join(uiDir, 'assets'), { recursive: true })
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><div id="root">medallion ui</div>')
    writeFileSync(join(uiDir, 'assets', 'app.js'), 'console.log("ui")')
    dev = await startDev({
      dataDir: join(temp.dir, 'data'),
      definitions: DEFINITIONS,
      port: 0,
      host: '127.0.0.1',
      uiDir,
    })
  })
  afterAll(async () => {
    await dev?.close()
    temp.remove()
  })

  it('listens on a free port and answers /api/health', async () => {
    expect(dev.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const res = await fetch(`${dev.url}/api/health`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      status: 'ok',
      assets: 6,
      sources: 1,
      activeRuns: 0,
      auth: false,
    })
  })

  it('serves the built UI, with index.html for client-side routes but not for /api', async () => {
    expect(await (await fetch(`${dev.url}/assets/app.js`)).text()).toBe('console.log("ui")')
    const deepLink = await fetch(`${dev.url}/assets/silver%2Feven`)
    expect(await deepLink.text()).toContain('medallion ui')
    const api = await fetch(`${dev.url}/api/nope`)
    expect(api.status).toBe(404)
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
    const traversal = await fetch(`${dev.url}/..%2f..%2fpackage.json`)
    expect(await traversal.text()).not.toContain('"name"')
  })

  it('refuses to bind beyond loopback without a token, before opening anything', async () => {
    const dataDir = join(temp.dir, 'never-opened')
    await expect(
      startDev({ dataDir, definitions: DEFINITIONS, port: 0, host: '0.0.0.0' }),
    ).rejects.toMatchObject({ code: 'USAGE' })
    const { existsSync } = await import('node:fs')
    expect(existsSync(dataDir)).toBe(false)
  })
})
