import { expect } from 'vitest'
import { createApp } from '../../framework/api/app.js'
import type { ApiDeps } from '../../framework/api/deps.js'
import type { RunDetail } from '../../framework/api/schemas.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { RunManager } from '../../framework/server/run-manager.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import definitions, { writeNumbers } from './fixtures/api-definitions.js'

export type TestApp = ReturnType<typeof createApp>

export interface ApiHarness {
  readonly app: TestApp
  readonly deps: ApiDeps
  readonly instance: Instance
  readonly runManager: RunManager
  dispose(): Promise<void>
}

/** The API over the fixture definitions, a temp data dir, real SQLite and DuckDB; no port. */
export async function openApi(options: { token?: string } = {}): Promise<ApiHarness> {
  const temp = makeTempDir('medallion-api-')
  writeNumbers(temp.dir, 10)
  const instance = await openInstance({ dataDir: temp.dir, threads: 1 })
  const runManager = new RunManager(instance, definitions, { concurrency: 2 })
  const deps: ApiDeps = {
    definitions,
    instance,
    runManager,
    streamPollMs: 20,
    ...(options.token === undefined ? {} : { token: options.token }),
  }
  return {
    app: createApp(deps),
    deps,
    instance,
    runManager,
    async dispose() {
      await runManager.shutdown()
      await instance.close()
      temp.remove()
    },
  }
}

/** Everything but the asset that waits for a cancel. */
export const ALL_BUT_WAITS = '* and not key:silver/waits_for_cancel'

/** GET as JSON, asserting the status. */
export async function getJson<T = unknown>(app: TestApp, path: string, status = 200): Promise<T> {
  const res = await app.request(path)
  const body = (await res.json()) as T
  expect(res.status, JSON.stringify(body)).toBe(status)
  return body
}

export async function postJson<T = unknown>(
  app: TestApp,
  path: string,
  body: unknown,
  status = 202,
): Promise<T> {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const json = (await res.json()) as T
  expect(res.status, JSON.stringify(json)).toBe(status)
  return json
}

/** Polls GET /api/runs/:id until the run has ended (as a UI would). */
export async function waitForRun(
  app: TestApp,
  runId: string,
  timeoutMs = 20_000,
): Promise<RunDetail> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const detail = await getJson<RunDetail>(app, `/api/runs/${runId}`)
    if (['success', 'failure', 'canceled'].includes(detail.run.status)) return detail
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${detail.run.status} after ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** Materializes `select` through POST /api/runs and waits for the run to end. */
export async function materializeThroughApi(app: TestApp, select: string): Promise<RunDetail> {
  const { runId } = await postJson<{ runId: string }>(app, '/api/runs', { select })
  return waitForRun(app, runId)
}
