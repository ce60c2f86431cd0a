import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { didYouMean } from '../../definitions/did-you-mean.js'
import { FrameworkError } from '../../errors.js'
import type { CheckEvaluationEvent } from '../../events/event-types.js'
import { assetFromParam } from '../asset-param.js'
import type { ApiDeps } from '../deps.js'
import {
  type CheckEvaluation,
  type CheckHistoryResponse,
  type ChecksResponse,
  LimitQuery,
} from '../schemas.js'
import { invalidRequest } from '../validate.js'

/** GET /api/assets/:key/checks and GET /api/assets/:key/checks/:name/history. */
export const assetCheckRoutes = (deps: ApiDeps) =>
  new Hono()
    .get('/:key/checks', async (c) => {
      const node = assetFromParam(deps.definitions, c.req.param('key'))
      const checks = deps.definitions.checks.get(node.key) ?? []
      const latest = await deps.instance.store.latestCheckEvaluations([node.key])
      const body: ChecksResponse = {
        key: node.key,
        checks: checks.map((check) => {
          const evaluation = latest.get(`${node.key}:${check.name}`)
          return {
            name: check.name,
            description: check.description,
            severity: check.severity,
            blocking: check.blocking,
            latest: evaluation === undefined ? null : toEvaluation(evaluation),
          }
        }),
      }
      return c.json(body)
    })
    .get(
      '/:key/checks/:name/history',
      zValidator('query', LimitQuery, invalidRequest),
      async (c) => {
        const node = assetFromParam(deps.definitions, c.req.param('key'))
        const name = c.req.param('name')
        const names = (deps.definitions.checks.get(node.key) ?? []).map((check) => check.name)
        if (!names.includes(name)) {
          throw new FrameworkError(
            'ASSET_NOT_FOUND',
            `api: "${node.key}" has no check named "${name}".${didYouMean(name, names)}`,
            { hint: `GET /api/assets/${encodeURIComponent(node.key)}/checks lists its checks.` },
          )
        }
        const history = await deps.instance.store.checkHistory(
          node.key,
          name,
          c.req.valid('query').limit,
        )
        const body: CheckHistoryResponse = {
          key: node.key,
          check: name,
          evaluations: history.map(toEvaluation),
        }
        return c.json(body)
      },
    )

function toEvaluation(event: CheckEvaluationEvent): CheckEvaluation {
  return {
    runId: event.runId,
    at: event.at,
    status: event.status,
    severity: event.severity,
    blocking: event.blocking,
    ...(event.message === undefined ? {} : { message: event.message }),
    metadata: { ...event.metadata },
    durationMs: event.durationMs,
  }
}
