import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { automationStatus, listTicks, tickDetail } from '../../automation/queries.js'
import { readSwitches, setAutomationEnabled } from '../../automation/switches.js'
import type { AssetKey } from '../../definitions/asset-key.js'
import { toApiEvaluation, toApiTick, toDaemonStatus } from '../catalog/automation.js'
import type { ApiDeps } from '../deps.js'
import { HttpError } from '../errors.js'
import {
  type AutomationResponse,
  AutomationSwitchBody,
  type AutomationSwitchResponse,
  type TickDetailResponse,
  TickIdParam,
  TicksQuery,
  type TicksResponse,
} from '../schemas.js'
import { invalidRequest } from '../validate.js'

/** GET /api/automation (status), its ticks, one tick's evaluations; POST the global switch. */
export const automationRoutes = (deps: ApiDeps) =>
  new Hono()
    .get('/', async (c) => {
      const status = await automationStatus(deps.instance, deps.definitions)
      const daemon = deps.daemon?.()
      const body: AutomationResponse = {
        enabled: status.enabled,
        daemon: daemon === undefined ? null : toDaemonStatus(daemon.state),
        lastTick: status.lastTick === undefined ? null : toApiTick(status.lastTick),
        assets: status.assets.map((asset) => ({
          key: asset.key,
          policy: asset.policy,
          enabled: asset.enabled,
          lastEvaluation:
            asset.lastEvaluation === undefined ? null : toApiEvaluation(asset.lastEvaluation),
        })),
      }
      return c.json(body)
    })
    .post('/', zValidator('json', AutomationSwitchBody, invalidRequest), async (c) => {
      await setAutomationEnabled(deps.instance.store, c.req.valid('json').enabled)
      return c.json(await switchResponse(deps))
    })
    .get('/ticks', zValidator('query', TicksQuery, invalidRequest), async (c) => {
      const { limit, before } = c.req.valid('query')
      const ticks = await listTicks(deps.instance, {
        limit,
        ...(before === undefined ? {} : { beforeId: before }),
      })
      const body: TicksResponse = { ticks: ticks.map(toApiTick) }
      return c.json(body)
    })
    .get('/ticks/:id', zValidator('param', TickIdParam, invalidRequest), async (c) => {
      const { id } = c.req.valid('param')
      const detail = await tickDetail(deps.instance, id)
      if (detail === undefined) {
        throw new HttpError(
          'NOT_FOUND',
          `api: no automation tick has the id ${id}.`,
          'GET /api/automation/ticks lists the ticks kept (the newest 10,000).',
        )
      }
      // Upstream first, as everywhere else; assets no longer defined go last.
      const position = new Map(deps.definitions.order.map((key, index) => [key, index]))
      const at = (key: string) => position.get(key as AssetKey) ?? Number.MAX_SAFE_INTEGER
      const body: TickDetailResponse = {
        tick: toApiTick(detail.tick),
        evaluations: [...detail.evaluations]
          .sort((a, b) => at(a.key) - at(b.key))
          .map((evaluation) => ({
            ...toApiEvaluation(evaluation),
            changed: evaluation.changed,
          })),
      }
      return c.json(body)
    })

/** Both switches after a change; the server's daemon is woken so it acts on them at once. */
export async function switchResponse(deps: ApiDeps): Promise<AutomationSwitchResponse> {
  const switches = await readSwitches(deps.instance.store)
  void deps.daemon?.()?.tickNow()
  return { enabled: switches.enabled, disabledAssets: [...switches.disabled] }
}
