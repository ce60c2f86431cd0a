import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateData } from '../../assets/generator/generate-data.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { launchBrowser, openPage, screenshot } from './support/browser.js'
import { type DevServer, startDevServer } from './support/dev-server.js'
import { ensureUiBuilt } from './support/ui-build.js'

// One server and browser for the whole file: the scenarios build on each other (materialize one
// asset, then everything, then read the insights), as a user would in one session.
let server: DevServer
let browser: Browser
let page: Page
let pageErrors: string[]
let temp: ReturnType<typeof makeTempDir>

const PLG_KEYS = [
  'raw/feature_releases',
  'raw/user_signups',
  'raw/feature_usage_events',
  'raw/conversions',
  'bronze/feature_releases',
  'bronze/user_signups',
  'bronze/feature_usage_events',
  'bronze/conversions',
  'silver/feature_states',
  'silver/user_dim',
  'silver/feature_usage_facts',
  'gold/feature_conversion_impact',
  'gold/feature_conversion_lift',
]

beforeAll(async () => {
  temp = makeTempDir('medallion-e2e-')
  await ensureUiBuilt()
  await generateData({ users: 300, days: 30, out: join(temp.dir, 'raw') })
  server = await startDevServer({ dataDir: temp.dir })
  browser = await launchBrowser()
  ;({ page, errors: pageErrors } = await openPage(browser))
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  temp?.remove()
})

const node = (key: string) => page.locator(`.react-flow__node-asset [data-key="${key}"]`)

describe('the UI over the PLG pipeline', () => {
  it('draws every asset and source of the pipeline as a node of the lineage graph', async () => {
    await page.goto(server.url)
    await page.locator('.react-flow__node-asset').first().waitFor()
    const nodes = await page.locator('.react-flow__node-asset [data-key]').all()
    const keys = await Promise.all(nodes.map((n) => n.getAttribute('data-key')))
    expect(keys.sort()).toEqual([...PLG_KEYS].sort())
    expect(await node('bronze/user_signups').getAttribute('data-state')).toBe('missing')
    await screenshot(page, 'lineage-before')
    expect(pageErrors).toEqual([])
  })

  it('highlights what a selection expression selects, and shows a bad one with its column', async () => {
    await page.getByLabel('Selection expression').fill('group:gold')
    await page.getByLabel('Selection expression').press('Enter')
    await expect.poll(() => page.locator('.asset-node.highlighted').count()).toBe(2)
    await page.getByLabel('Selection expression').fill('group:gold and (')
    await page.getByLabel('Selection expression').press('Enter')
    const error = page.locator('.error-panel')
    await error.waitFor()
    expect(await error.locator('.error-code').textContent()).toMatch(/^SELECTION_/)
    // The server's message points at the column (with a caret line, kept by white-space: pre-wrap).
    const message = await error.locator('.error-message').textContent()
    expect(message).toMatch(/column \d+/)
    expect(message).toContain('^')
    await screenshot(page, 'lineage-selection-error')
    await page.getByRole('button', { name: /^Clear/ }).click()
  })

  it('materializes an asset from its node and turns it fresh', async () => {
    await node('bronze/feature_releases').click()
    const panel = page.getByTestId('asset-panel')
    await panel.getByRole('button', { name: 'Materialize' }).click()
    await page.getByTestId('launch-notice').waitFor()
    await expect
      .poll(() => node('bronze/feature_releases').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('fresh')
    await screenshot(page, 'lineage-after-one')
  }, 90_000)

  it('shows the check results of the materialized asset on its page', async () => {
    await page.goto(`${server.url}/assets/bronze/feature_releases`)
    const checks = page.getByTestId('checks')
    await checks.locator('.check-item').first().waitFor()
    const statuses = await checks.locator('.check-row .tag').allTextContents()
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses).not.toContain('Not evaluated')
    await page.getByTestId('history-chart').locator('svg').first().waitFor()
    await screenshot(page, 'asset-bronze-feature-releases')
  })

  it('materializes everything, following the run live, then shows the insights charts', async () => {
    await page.goto(server.url)
    await page.getByRole('button', { name: 'Materialize all' }).click()
    await page.getByTestId('launch-notice').getByRole('link').click()
    await page.getByTestId('run-timeline').waitFor()
    await page.locator('.stream-state').waitFor()
    await screenshot(page, 'run-live')
    await expect
      .poll(() => page.locator('.page-head .pill').getAttribute('data-status'), {
        timeout: 240_000,
        interval: 1000,
      })
      .toMatch(/success|failure/)
    expect(await page.locator('.page-head .pill').getAttribute('data-status')).toBe('success')
    await expect.poll(() => page.locator('.log-table tr[data-type="run_finished"]').count()).toBe(1)
    await screenshot(page, 'run-finished')

    await page.goto(`${server.url}/insights`)
    await page.getByTestId('cohort-chart').locator('.recharts-bar-rectangle').first().waitFor()
    await page.getByTestId('lift-chart').locator('.recharts-symbols').first().waitFor()
    expect(await page.getByTestId('headline').textContent()).toContain('real_time_collab')
    await screenshot(page, 'insights')

    await page.goto(server.url)
    await expect
      .poll(() => page.locator('.react-flow__node-asset [data-state="fresh"]').count())
      .toBe(PLG_KEYS.length)
    await screenshot(page, 'lineage-all-fresh')
    expect(pageErrors).toEqual([])
  }, 300_000)

  it('reads the SCD2 feature states as of a date, and a Delta table at an earlier version', async () => {
    await page.goto(`${server.url}/assets/silver/feature_states`)
    await page.getByTestId('as-of').locator('.data-table tbody tr').first().waitFor()
    const versions = page.getByTestId('versions')
    await versions.locator('tbody tr').first().waitFor()
    await versions.getByRole('button').last().click()
    await page.getByText(/Preview as of version \d+/).waitFor()
    await screenshot(page, 'asset-silver-feature-states')
    await page.goto(`${server.url}/runs`)
    await page.getByTestId('runs-table').waitFor()
    await screenshot(page, 'runs')
  })
})
