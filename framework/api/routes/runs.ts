import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { FrameworkError } from '../../errors.js'
import type { RunRecord } from '../../instance/instance-store.js'
import { isTerminalStatus } from '../../instance/run-status.js'
import { runDetail, runSummary } from '../catalog/run-detail.js'
import type { ApiDeps } from '../deps.js'
import {
  type CancelRunResponse,
  LaunchRunBody,
  RunEventsQuery,
  type RunEventsResponse,
  RunsQuery,
  type RunsResponse,
} from '../schemas.js'
import { invalidRequest } from '../validate.js'
import { streamRunEvents } from './run-stream.js'

/** Launch, list, inspect, tail and cancel runs. */
export const runRoutes = (deps: ApiDeps) =>
  new Hono()
    .post('/', zValidator('json', LaunchRunBody, invalidRequest), async (c) => {
      const { select, staleOnly } = c.req.valid('json')
      const launched = await deps.runManager.launch({
        select,
        ...(staleOnly === undefined ? {} : { staleOnly }),
      })
      return c.json(launched, 202)
    })
    .get('/', zValidator('query', RunsQuery, invalidRequest), async (c) => {
      const runs = await deps.instance.store.listRuns({ limit: c.req.valid('query').limit })
      const body: RunsResponse = { runs: runs.map((run) => runSummary(run, deps.runManager)) }
      return c.json(body)
    })
    .get('/:id', async (c) => {
      const run = await findRun(deps, c.req.param('id'))
      const events = await deps.instance.store.runEvents(run.runId)
      return c.json(runDetail(run, events, deps.runManager))
    })
    .get('/:id/events', zValidator('query', RunEventsQuery, invalidRequest), async (c) => {
      const run = await findRun(deps, c.req.param('id'))
      const events = await deps.instance.store.runEvents(run.runId, c.req.valid('query').after)
      const body: RunEventsResponse = {
        runId: run.runId,
        events: events.map((e) => ({ id: e.id, event: e.event })),
        finished: isTerminalStatus(run.status),
      }
      return c.json(body)
    })
    .get('/:id/stream', async (c) => {
      const run = await findRun(deps, c.req.param('id'))
      const resumeFrom = c.req.header('last-event-id') ?? c.req.query('after') ?? '0'
      const after = Number.parseInt(resumeFrom, 10)
      return streamRunEvents(c, deps, run.runId, Number.isFinite(after) ? after : 0)
    })
    .post('/:id/cancel', async (c) => {
      const run = await findRun(deps, c.req.param('id'))
      if (deps.runManager.cancel(run.runId)) {
        const body: CancelRunResponse = { runId: run.runId, status: 'canceling' }
        return c.json(body, 202)
      }
      if (isTerminalStatus(run.status)) {
        throw new FrameworkError(
          'RUN_STATUS_INVALID',
          `cancel run ${run.runId}: the run already ended (${run.status}). Nothing to cancel.`,
        )
      }
      throw new FrameworkError(
        'RUN_STATUS_INVALID',
        `cancel run ${run.runId}: this server did not launch it (launched by ${run.launchedBy}), so it cannot stop it.`,
        {
          hint: 'Stop it where it runs: Ctrl-C in the terminal of `medallion materialize`, or stop the daemon.',
        },
      )
    })

async function findRun(deps: ApiDeps, runId: string): Promise<RunRecord> {
  const run = await deps.instance.store.getRun(runId)
  if (run !== undefined) return run
  throw new FrameworkError('RUN_NOT_FOUND', `api: no run has the id "${runId}".`, {
    hint: 'GET /api/runs lists recent runs.',
  })
}
