import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { assetEvaluations, describeCondition } from '../../automation/queries.js'
import { readSwitches, setAssetsAutomation } from '../../automation/switches.js'
import { FrameworkError } from '../../errors.js'
import { assetFromParam } from '../asset-param.js'
import { toApiEvaluation } from '../catalog/automation.js'
import type { ApiDeps } from '../deps.js'
import { type AssetAutomationResponse, AutomationSwitchBody, LimitQuery } from '../schemas.js'
import { invalidRequest } from '../validate.js'
import { switchResponse } from './automation.js'

/** GET /api/assets/:key/automation (policy, switch, evaluations); POST its switch. */
export const assetAutomationRoutes = (deps: ApiDeps) =>
  new Hono()
    .get('/:key/automation', zValidator('query', LimitQuery, invalidRequest), async (c) => {
      const node = assetFromParam(deps.definitions, c.req.param('key'))
      const policy = node.type === 'asset' ? node.automation : undefined
      const [switches, evaluations] = await Promise.all([
        readSwitches(deps.instance.store),
        policy === undefined
          ? Promise.resolve([])
          : assetEvaluations(deps.instance, node.key, c.req.valid('query').limit),
      ])
      const body: AssetAutomationResponse = {
        key: node.key,
        policy: policy === undefined ? null : describeCondition(policy),
        enabled: !switches.disabled.has(node.key),
        globalEnabled: switches.enabled,
        evaluations: evaluations.map(toApiEvaluation),
      }
      return c.json(body)
    })
    .post(
      '/:key/automation',
      zValidator('json', AutomationSwitchBody, invalidRequest),
      async (c) => {
        const node = assetFromParam(deps.definitions, c.req.param('key'))
        if (node.type !== 'asset' || node.automation === undefined) {
          throw new FrameworkError(
            'USAGE',
            `api: ${node.key} has no automation policy, so there is nothing to switch on or off.`,
            { hint: 'Give the asset one in its definition (e.g. `automation: eager()`).' },
          )
        }
        await setAssetsAutomation(deps.instance.store, [node.key], c.req.valid('json').enabled)
        return c.json(await switchResponse(deps))
      },
    )
