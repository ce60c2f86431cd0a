import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateData } from '../../assets/generator/generate-data.js'
import type { AssetDetail, AutomationResponse, TicksResponse } from '../../framework/api/schemas.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { launchBrowser, openPage, screenshot } from './support/browser.js'
import { type DevServer, startDevServer } from './support/dev-server.js'
import { ensureUiBuilt } from './support/ui-build.js'

// `medallion dev` with its daemon over a fresh PLG dataset: nobody clicks "Materialize"; the
// daemon builds everything, the Automation page shows why, and a new raw events file reaches gold.
let server: DevServer
let browser: Browser
let page: Page
let pageErrors: string[]
let temp: ReturnType<typeof makeTempDir>

const EVENTS_DIR = () => join(temp.dir, 'raw/feature_usage_events')
const LIFT = 'gold/feature_conversion_lift'

beforeAll(async () => {
  temp = makeTempDir('medallion-e2e-automation-')
  await ensureUiBuilt()
  await generateData({ users: 200, days: 20, out: join(temp.dir, 'raw') })
  server = await startDevServer({ dataDir: temp.dir, daemon: true })
  browser = await launchBrowser()
  ;({ page, errors: pageErrors } = await openPage(browser))
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  temp?.remove()
})

async function api<T>(path: string): Promise<T> {
  return (await fetch(`${server.url}${path}`)).json() as Promise<T>
}

const everythingFresh = async () => {
  const { nodes } = await api<{ nodes: { status: string; running: boolean }[] }>('/api/lineage')
  return nodes.every((node) => node.status === 'fresh' && !node.running)
}

const node = (key: string) => page.locator(`.react-flow__node-asset [data-key="${key}"]`)

describe('automation in the UI, over the PLG pipeline', () => {
  it('shows the daemon materializing everything on its own, and why, on the Automation page', async () => {
    await page.goto(`${server.url}/automation`)
    await page.getByRole('heading', { name: 'Automation' }).waitFor()
    const ticks = page.getByTestId('ticks-table')
    // The first tick requested every automated asset (raw files nobody had seen) in one run.
    await ticks.locator('tbody tr a').first().waitFor({ timeout: 30_000 })
    await expect.poll(everythingFresh, { timeout: 240_000, interval: 1000 }).toBe(true)
    const daemon = page.getByTestId('daemon')
    await expect.poll(() => daemon.textContent()).toContain('this daemon')
    expect(await page.getByTestId('automation-state').textContent()).toBe('On')

    // The tick that requested the first run may be pages back by now: open it by its URL.
    const { ticks: all } = await api<TicksResponse>('/api/automation/ticks?limit=1000')
    const first = all.filter((tick) => tick.runId !== null).at(-1)
    expect(first?.requested).toHaveLength(9)
    await page.goto(`${server.url}/automation?tick=${first?.id}`)
    const detail = page.getByTestId('tick-detail')
    await detail.locator('[data-outcome="requested"]').first().waitFor()
    expect(await detail.locator('[data-outcome="requested"]').count()).toBe(9)
    expect(await detail.locator('h2').textContent()).toBe(`Tick #${first?.id}`)
    // Requested evaluations open on their condition tree, each part marked true or false.
    const liftTree = detail.locator(`.evaluation[data-key="${LIFT}"] .cond-tree`)
    expect(await liftTree.locator('.cond').first().getAttribute('data-value')).toBe('true')
    expect(await liftTree.textContent()).toContain('missing')
    await screenshot(page, 'automation-page')
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('switches an asset off and on from the Automation page; the graph badge follows', async () => {
    await page.goto(`${server.url}/automation`)
    // A click on a tick row opens that tick's evaluations below.
    const newest = page.getByTestId('ticks-table').locator('tbody tr').first()
    const newestId = await newest.getAttribute('data-tick')
    await newest.click()
    await expect
      .poll(() => page.getByTestId('tick-detail').locator('h2').textContent())
      .toBe(`Tick #${newestId}`)
    const liftSwitch = page.getByRole('switch', { name: `Automation of ${LIFT}` })
    await liftSwitch.waitFor()
    expect(await liftSwitch.getAttribute('aria-checked')).toBe('true')
    await liftSwitch.click()
    await expect.poll(() => liftSwitch.getAttribute('aria-checked')).toBe('false')
    const status = await api<AutomationResponse>('/api/automation')
    expect(status.assets.find((a) => a.key === LIFT)?.enabled).toBe(false)

    await page.goto(server.url)
    await node(LIFT).waitFor()
    expect(await node(LIFT).locator('.auto-badge').getAttribute('data-automation')).toBe('off')
    expect(
      await node('bronze/feature_usage_events')
        .locator('.auto-badge')
        .getAttribute('data-automation'),
    ).toBe('on')
    await screenshot(page, 'automation-lineage-badges')

    await page.goto(`${server.url}/assets/${LIFT}`)
    const section = page.getByTestId('asset-automation')
    await section.locator('.cond-tree').first().waitFor()
    const assetSwitch = section.getByRole('switch', { name: `Automation of ${LIFT}` })
    expect(await assetSwitch.getAttribute('aria-checked')).toBe('false')
    await assetSwitch.click()
    await expect.poll(() => assetSwitch.getAttribute('aria-checked')).toBe('true')
    expect(await section.textContent()).toContain('eager')
    await screenshot(page, 'automation-asset')
    const after = await api<AutomationResponse>('/api/automation')
    expect(after.assets.find((a) => a.key === LIFT)?.enabled).toBe(true)
  })

  it('carries a new raw events file from bronze to gold while the lineage page just watches', async () => {
    const before = await api<AssetDetail>(`/api/assets/${encodeURIComponent(LIFT)}`)
    const eventsBefore = await api<AssetDetail>('/api/assets/bronze%2Ffeature_usage_events')
    await page.goto(server.url)
    await node(LIFT).waitFor()
    const newestDay = readdirSync(EVENTS_DIR()).sort().at(-1) as string
    const lines = readFileSync(join(EVENTS_DIR(), newestDay), 'utf8').split('\n').slice(0, 50)
    const late = lines
      .filter((line) => line.trim().startsWith('{'))
      .map((line) => line.replace(/"event_id":\s*"([^"]+)"/, '"event_id":"$1-late"'))
    writeFileSync(
      join(EVENTS_DIR(), `${newestDay.slice(0, 10)}-late.jsonl`),
      `${late.join('\n')}\n`,
    )

    // No click, no reload: the page's own polling shows gold rebuilt from the new file.
    const liftFoot = node(LIFT).locator('.asset-node-foot span').first()
    await expect
      .poll(() => liftFoot.getAttribute('title'), { timeout: 180_000, interval: 1000 })
      .not.toBe(before.lastMaterializedAt)
    await expect
      .poll(() => page.locator('.react-flow__node-asset [data-state="fresh"]').count(), {
        timeout: 60_000,
      })
      .toBe(13)
    const bronze = await api<AssetDetail>('/api/assets/bronze%2Ffeature_usage_events')
    // More rows (a dirty line among the copies would be quarantined, so not exactly `late.length`).
    expect(bronze.rowCount ?? 0).toBeGreaterThan(eventsBefore.rowCount ?? 0)
    await screenshot(page, 'automation-lineage-after-new-file')
    expect(pageErrors).toEqual([])
  }, 240_000)
})
