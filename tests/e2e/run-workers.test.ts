import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import type { RunEvent } from '../../framework/events/event-types.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { launchBrowser, openPage, screenshot } from './support/browser.js'
import { type DevServer, startDevServer } from './support/dev-server.js'
import { ensureUiBuilt } from './support/ui-build.js'

// The run page of a run whose steps ran on queue workers, one of them lost mid-step. No Redis
// here: the runs are written to the data directory's instance store beforehand, event by event as
// the queue coordinator and its workers write them, and the real server reads them back.
let server: DevServer
let browser: Browser
let page: Page
let pageErrors: string[]
let temp: ReturnType<typeof makeTempDir>

const QUEUE_RUN = 'queue-run'
const IN_PROCESS_RUN = 'in-process-run'
const BRONZE: AssetKey = 'bronze/user_signups'
const SILVER: AssetKey = 'silver/user_dim'

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 9, 0, second)).toISOString()

/** A finished run of `keys` from second 0 to `endSecond`, with its events in between. */
async function recordRun(
  dataDir: string,
  runId: string,
  keys: AssetKey[],
  events: RunEvent[],
  endSecond: number,
) {
  const instance = await openInstance({ dataDir, threads: 1 })
  try {
    const run = { runId, selection: '*', launchedBy: 'test', createdAt: at(0), startedAt: at(0) }
    await instance.store.createRun({ ...run, status: 'running', keys, finishedAt: null })
    await instance.store.appendEvents([
      { type: 'run_started', runId, at: at(0), selection: '*', keys },
      ...events,
      {
        type: 'run_finished',
        runId,
        at: at(endSecond),
        status: 'success',
        durationMs: endSecond * 1000,
      },
    ])
    await instance.store.updateRunStatus(runId, 'success', at(endSecond))
  } finally {
    await instance.close()
  }
}

function started(runId: string, second: number, key: string, worker?: string): RunEvent {
  return {
    type: 'step_started',
    runId,
    at: at(second),
    key,
    attempt: 1,
    ...(worker === undefined ? {} : { worker }),
  }
}

function materialized(runId: string, second: number, key: string, startSecond: number): RunEvent {
  return {
    type: 'asset_materialized',
    runId,
    at: at(second),
    key,
    dataVersion: `${key}@${second}`,
    codeVersion: '1',
    inputVersions: {},
    rowCount: 300,
    columns: [{ name: 'user_id', type: 'VARCHAR', nullable: false }],
    durationMs: (second - startSecond) * 1000,
    storageVersion: 0,
    location: key,
    metadata: {},
  }
}

function warn(runId: string, second: number, key: string, message: string): RunEvent {
  return { type: 'log', runId, at: at(second), key, level: 'warn', message }
}

beforeAll(async () => {
  temp = makeTempDir('medallion-e2e-workers-')
  await ensureUiBuilt({ rebuildIfStale: true })
  await recordRun(
    temp.dir,
    QUEUE_RUN,
    [BRONZE, SILVER],
    [
      started(QUEUE_RUN, 1, BRONZE, 'w-1'),
      materialized(QUEUE_RUN, 3, BRONZE, 1),
      started(QUEUE_RUN, 4, SILVER, 'w-1'),
      warn(QUEUE_RUN, 9, SILVER, `the worker running ${SILVER} stopped renewing its lease`),
      warn(QUEUE_RUN, 10, SILVER, `worker w-2 takes over ${SILVER} from a worker that was lost`),
      started(QUEUE_RUN, 10, SILVER, 'w-2'),
      materialized(QUEUE_RUN, 12, SILVER, 10),
    ],
    13,
  )
  await recordRun(
    temp.dir,
    IN_PROCESS_RUN,
    [BRONZE],
    [started(IN_PROCESS_RUN, 1, BRONZE), materialized(IN_PROCESS_RUN, 2, BRONZE, 1)],
    3,
  )
  server = await startDevServer({ dataDir: temp.dir })
  browser = await launchBrowser()
  ;({ page, errors: pageErrors } = await openPage(browser))
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  temp?.remove()
})

const workerCell = (key: string) => page.locator(`.gantt-row[data-step="${key}"] .gantt-worker`)
const startLines = () =>
  page.locator('.log-table tr[data-type="step_started"] .log-text').allTextContents()

describe('the run page of a run on queue workers', () => {
  it('shows the worker that ran each step, after the one that was lost, in the timeline and the log', async () => {
    await page.goto(`${server.url}/runs/${QUEUE_RUN}`)
    await page.getByTestId('run-timeline').waitFor()
    await expect.poll(() => workerCell(SILVER).getAttribute('data-worker')).toBe('w-2')
    expect(await workerCell(SILVER).textContent()).toBe('w-1 → w-2')
    expect(await workerCell(BRONZE).textContent()).toBe('w-1')
    expect(await workerCell(SILVER).getAttribute('title')).toBe(
      'Ran on worker w-2; started before on w-1',
    )
    await expect
      .poll(startLines)
      .toEqual(['Started on worker w-1', 'Started on worker w-1', 'Started on worker w-2'])
    await screenshot(page, 'run-workers')
    expect(pageErrors).toEqual([])
  })

  it('shows no worker column for a run in process', async () => {
    await page.goto(`${server.url}/runs/${IN_PROCESS_RUN}`)
    await page.getByTestId('run-timeline').waitFor()
    await expect.poll(startLines).toEqual(['Started'])
    expect(await page.locator('.gantt-worker').count()).toBe(0)
    await screenshot(page, 'run-in-process')
    expect(pageErrors).toEqual([])
  })
})
