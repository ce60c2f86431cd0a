import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  RunDetail,
  RunEventsResponse,
  RunStreamEnd,
  RunsResponse,
  StoredRunEvent,
} from '../../framework/api/schemas.js'
import { nowIso } from '../../framework/util/clock.js'
import { type ApiHarness, getJson, postJson, type TestApp, waitForRun } from './harness.js'

interface SseMessage {
  readonly event: string
  readonly id: string | undefined
  readonly data: string
}

/** Reads a server-sent event stream to its end (the server closes it after `end`). */
async function readSse(app: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(path, { headers })
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const text = await res.text()
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block): SseMessage => {
      const field = (name: string) =>
        block
          .split('\n')
          .find((line) => line.startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim()
      return { event: field('event') ?? 'message', id: field('id'), data: field('data') ?? '' }
    })
}

describe('run endpoints', () => {
  let h: ApiHarness
  beforeAll(async () => {
    const { openApi } = await import('./harness.js')
    h = await openApi()
  })
  afterAll(async () => h.dispose())

  it('launches a run that can be read at once, then summarizes its steps for a Gantt chart', async () => {
    const { runId } = await postJson<{ runId: string }>(h.app, '/api/runs', {
      select: 'key:bronze/numbers+',
    })
    // The record exists before the run does anything.
    const early = RunDetail.parse(await getJson(h.app, `/api/runs/${runId}`))
    expect(early.run.keys).toEqual(['bronze/numbers', 'silver/even'])
    expect(early.run.launchedBy).toBe('ui')

    const done = RunDetail.parse(await waitForRun(h.app, runId))
    expect(done.run.status).toBe('success')
    expect(done.run.cancellable).toBe(false)
    expect(done.error).toBeNull()
    const [bronze, silver] = done.steps
    expect(bronze).toMatchObject({ key: 'bronze/numbers', status: 'materialized', rowCount: 10 })
    expect(bronze?.checks).toEqual([
      expect.objectContaining({ name: 'positive', status: 'passed' }),
    ])
    expect(silver).toMatchObject({ key: 'silver/even', status: 'materialized', rowCount: 5 })
    expect(Date.parse(silver?.startedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(bronze?.finishedAt ?? ''),
    )
    expect(silver?.durationMs).toEqual(expect.any(Number))

    const list = RunsResponse.parse(await getJson(h.app, '/api/runs?limit=5'))
    expect(list.runs[0]?.runId).toBe(runId)
  })

  it('materializes one asset by its encoded key, with or without what is downstream', async () => {
    const bare = await h.app.request('/api/assets/bronze%2Fnumbers/materialize', { method: 'POST' })
    expect(bare.status).toBe(202)
    const { runId } = (await bare.json()) as { runId: string }
    expect((await waitForRun(h.app, runId)).run).toMatchObject({
      selection: 'key:bronze/numbers',
      keys: ['bronze/numbers'],
      status: 'success',
    })
    const withDownstream = await postJson<{ runId: string }>(
      h.app,
      '/api/assets/bronze%2Fnumbers/materialize',
      { downstream: true },
    )
    const detail = await waitForRun(h.app, withDownstream.runId)
    expect(detail.run.keys).toEqual(['bronze/numbers', 'silver/even'])
    const unknown = await postJson<{ error: { code: string } }>(
      h.app,
      '/api/assets/silver%2Fodd/materialize',
      {},
      404,
    )
    expect(unknown.error.code).toBe('ASSET_NOT_FOUND')
  })

  it('leaves fresh assets out of a stale-only run, and out of its steps', async () => {
    await waitForRun(
      h.app,
      (await postJson<{ runId: string }>(h.app, '/api/runs', { select: 'key:bronze/numbers+' }))
        .runId,
    )
    const { runId } = await postJson<{ runId: string }>(h.app, '/api/runs', {
      select: 'key:bronze/numbers+',
      staleOnly: true,
    })
    const detail = await waitForRun(h.app, runId)
    expect(detail.run.status).toBe('success')
    expect(detail.steps).toEqual([])
  })

  it('tails events after an id', async () => {
    const { runId } = await postJson<{ runId: string }>(h.app, '/api/runs', {
      select: 'key:bronze/numbers',
    })
    await waitForRun(h.app, runId)
    const all = RunEventsResponse.parse(await getJson(h.app, `/api/runs/${runId}/events`))
    expect(all.finished).toBe(true)
    expect(all.events[0]?.event.type).toBe('run_started')
    expect(all.events.at(-1)?.event.type).toBe('run_finished')
    const middle = all.events[1]?.id ?? 0
    const rest = RunEventsResponse.parse(
      await getJson(h.app, `/api/runs/${runId}/events?after=${middle}`),
    )
    expect(rest.events).toEqual(all.events.slice(2))
  })

  it('streams a run as server-sent events until run_finished, resuming after Last-Event-ID', async () => {
    const { runId } = await postJson<{ runId: string }>(h.app, '/api/runs', {
      select: 'key:bronze/numbers+',
    })
    // Connected while the run is (most likely) still going: events arrive as they are written.
    const messages = await readSse(h.app, `/api/runs/${runId}/stream`)
    const events = messages
      .filter((m) => m.event === 'run_event')
      .map((m) => StoredRunEvent.parse(JSON.parse(m.data)))
    expect(events[0]?.event.type).toBe('run_started')
    expect(events.at(-1)?.event.type).toBe('run_finished')
    expect(events.map((e) => e.event.type)).toContain('asset_materialized')
    expect(messages.map((m) => m.id).filter(Boolean)).toEqual(events.map((e) => String(e.id)))
    const end = messages.at(-1)
    expect(end?.event).toBe('end')
    expect(RunStreamEnd.parse(JSON.parse(end?.data ?? ''))).toEqual({ runId, status: 'success' })

    const resumed = await readSse(h.app, `/api/runs/${runId}/stream`, {
      'last-event-id': String(events.at(-2)?.id),
    })
    expect(resumed.map((m) => m.event)).toEqual(['run_event', 'end'])
  })

  it('cancels a run this server launched; a second cancel is a conflict', async () => {
    const { runId } = await postJson<{ runId: string }>(h.app, '/api/runs', {
      select: 'key:silver/waits_for_cancel',
    })
    for (let i = 0; i < 400; i++) {
      const detail = RunDetail.parse(await getJson(h.app, `/api/runs/${runId}`))
      if (detail.steps[0]?.status === 'running') break
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    const assets = await getJson<{ assets: { key: string; running: boolean }[] }>(
      h.app,
      '/api/assets',
    )
    expect(assets.assets.find((a) => a.key === 'silver/waits_for_cancel')?.running).toBe(true)

    expect(await postJson(h.app, `/api/runs/${runId}/cancel`, {}, 202)).toEqual({
      runId,
      status: 'canceling',
    })
    const done = await waitForRun(h.app, runId)
    expect(done.run.status).toBe('canceled')
    expect(done.steps[0]?.status).toBe('canceled')
    const again = await postJson<{ error: { code: string } }>(
      h.app,
      `/api/runs/${runId}/cancel`,
      {},
      409,
    )
    expect(again.error.code).toBe('RUN_STATUS_INVALID')
  })

  it('refuses to cancel a run of another process, and ends its stream when its record ends', async () => {
    const runId = 'cli-run-1'
    const at = nowIso()
    await h.instance.store.createRun({
      runId,
      status: 'running',
      selection: '*',
      keys: [],
      launchedBy: 'cli',
      createdAt: at,
      startedAt: at,
      finishedAt: null,
    })
    const refused = await postJson<{ error: { code: string; hint: string } }>(
      h.app,
      `/api/runs/${runId}/cancel`,
      {},
      409,
    )
    expect(refused.error.hint).toContain('medallion materialize')
    const streamed = readSse(h.app, `/api/runs/${runId}/stream`)
    await new Promise((resolve) => setTimeout(resolve, 60))
    // The process died: its record is closed without a run_finished event.
    await h.instance.store.updateRunStatus(runId, 'failure', nowIso())
    const messages = await streamed
    expect(messages.at(-1)).toMatchObject({ event: 'end' })
    expect(JSON.parse(messages.at(-1)?.data ?? '')).toEqual({ runId, status: 'failure' })
  })

  it('names the queue worker of each step: the last start ran it, earlier ones are kept in order', async () => {
    // A run of queue workers, recorded as a coordinator records it: no Redis here, the same events.
    const runId = 'queue-run-1'
    const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString()
    const keys = ['bronze/numbers', 'silver/even', 'silver/feature_states'] as const
    await h.instance.store.createRun({
      runId,
      status: 'running',
      selection: '*',
      keys: [...keys],
      launchedBy: 'test',
      createdAt: at(0),
      startedAt: at(0),
      finishedAt: null,
    })
    const [numbers, even, states] = keys
    const started = (second: number, key: string, attempt: number, worker: string) =>
      ({ type: 'step_started', runId, at: at(second), key, attempt, worker }) as const
    await h.instance.store.appendEvents([
      { type: 'run_started', runId, at: at(0), selection: '*', keys: [...keys] },
      started(1, numbers, 1, 'w-1'),
      started(1, even, 1, 'w-1'),
      {
        type: 'log',
        runId,
        at: at(5),
        key: even,
        level: 'warn',
        message: `worker w-2 takes over ${even} from a worker that was lost`,
      },
      started(5, even, 1, 'w-2'),
      started(6, states, 1, 'w-2'),
      {
        type: 'step_failed',
        runId,
        at: at(7),
        key: states,
        attempt: 1,
        willRetry: true,
        error: { code: 'USER_CODE_FAILED', message: 'flaky' },
      },
      started(8, states, 2, 'w-1'),
    ])
    const detail = RunDetail.parse(await getJson(h.app, `/api/runs/${runId}`))
    expect(detail.steps.map(({ key, worker, workers }) => ({ key, worker, workers }))).toEqual([
      { key: numbers, worker: 'w-1', workers: ['w-1'] },
      { key: even, worker: 'w-2', workers: ['w-1', 'w-2'] },
      { key: states, worker: 'w-1', workers: ['w-2', 'w-1'] },
    ])
    // The step keeps its first start: the bar covers the time lost with the first worker.
    expect(detail.steps[1]?.startedAt).toBe(at(1))
    await h.instance.store.updateRunStatus(runId, 'failure', at(9))
  })

  it('names no worker for steps run in process', async () => {
    const { runId } = await postJson<{ runId: string }>(h.app, '/api/runs', {
      select: 'key:bronze/numbers',
    })
    const detail = RunDetail.parse(await waitForRun(h.app, runId))
    expect(detail.steps).toEqual([
      expect.objectContaining({ key: 'bronze/numbers', attempts: 1, worker: null, workers: [] }),
    ])
  })

  it('answers 404 for an unknown run', async () => {
    const body = await getJson<{ error: { code: string } }>(h.app, '/api/runs/nope', 404)
    expect(body.error.code).toBe('RUN_NOT_FOUND')
  })
})
