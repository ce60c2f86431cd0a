import {
  describeOutcome,
  explainEvaluation,
  summarizeEvaluation,
} from '../../automation/explain.js'
import { assetEvaluations, automationStatus, listTicks } from '../../automation/queries.js'
import { setAssetsAutomation, setAutomationEnabled } from '../../automation/switches.js'
import type { AssetKey } from '../../definitions/asset-key.js'
import { FrameworkError } from '../../errors.js'
import { selectAssets } from '../../selection/select-assets.js'
import { color, table } from '../output.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

/** `medallion automation on|off [--select expr]`: the global switch, or the selected assets'. */
export async function automationSwitchCommand(
  globals: GlobalOptions,
  state: string,
  options: { select?: string },
): Promise<number> {
  if (state !== 'on' && state !== 'off') {
    throw new FrameworkError('USAGE', `automation: expected "on" or "off", got "${state}".`, {
      hint: 'medallion automation off --select "key:gold/*"',
    })
  }
  const enabled = state === 'on'
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    if (options.select === undefined) {
      await setAutomationEnabled(instance.store, enabled)
      out.data({ enabled })
      out.line(`Automation is ${state} for this instance.`)
      return 0
    }
    const keys = [...selectAssets(definitions, options.select)].filter((key) =>
      definitions.assets.has(key),
    )
    const disabled = await setAssetsAutomation(instance.store, keys, enabled)
    out.data({ keys, enabled, disabled })
    out.line(`Automation is ${state} for ${keys.length} asset(s): ${keys.join(', ')}`)
    return 0
  })
}

/** `medallion automation status [--select expr]`: switches, last tick, each asset's last outcome. */
export async function automationStatusCommand(
  globals: GlobalOptions,
  options: { select: string },
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const selected = selectAssets(definitions, options.select)
    const status = await automationStatus(instance, definitions)
    const assets = status.assets.filter((asset) => selected.has(asset.key))
    out.data({ ...status, assets })
    out.line(`Automation is ${status.enabled ? color.green('on') : color.red('off')}.`)
    const tick = status.lastTick
    out.line(
      tick === undefined
        ? 'No daemon has ticked yet: start one with `medallion daemon` (or `medallion dev`).'
        : `Last tick ${tick.id} at ${tick.finishedAt} by ${tick.daemonId} (${tick.status}).`,
    )
    const rows = [['ASSET', 'POLICY', 'SWITCH', 'LAST OUTCOME', 'WHY']]
    for (const asset of assets) {
      const last = asset.lastEvaluation
      rows.push([
        asset.key,
        asset.policy,
        asset.enabled ? 'on' : color.red('off'),
        last === undefined ? '-' : last.outcome,
        last === undefined ? '' : summarizeEvaluation(last.condition),
      ])
    }
    out.line(table(rows))
    return 0
  })
}

/** `medallion automation ticks [-n 20]`: recent ticks, newest first. */
export async function automationTicksCommand(
  globals: GlobalOptions,
  options: { limit: string },
): Promise<number> {
  return withWorkspace(globals, async ({ instance, out }) => {
    const ticks = await listTicks(instance, { limit: Number(options.limit) || 20 })
    out.data({ ticks })
    const rows = [['TICK', 'AT', 'STATUS', 'REQUESTED', 'RUN']]
    for (const tick of ticks) {
      rows.push([
        String(tick.id),
        tick.startedAt,
        tick.status === 'failure'
          ? color.red(`failure: ${tick.error?.message ?? ''}`)
          : tick.status,
        tick.requested.join(', ') || color.dim('nothing'),
        tick.runId ?? '',
      ])
    }
    out.line(table(rows))
    return 0
  })
}

/** `medallion automation why <asset>`: the asset's latest evaluations, as condition trees. */
export async function automationWhyCommand(
  globals: GlobalOptions,
  key: string,
  options: { limit: string },
): Promise<number> {
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const asset = definitions.get(key)
    if (asset.type !== 'asset' || asset.automation === undefined) {
      throw new FrameworkError(
        'USAGE',
        `automation why: "${asset.key}" has no automation policy, so the daemon never requests it.`,
        { hint: 'Declare one: defineAsset({ ..., automation: eager() })' },
      )
    }
    const history = await assetEvaluations(
      instance,
      asset.key as AssetKey,
      Number(options.limit) || 1,
    )
    out.data({ key: asset.key, evaluations: history })
    if (history.length === 0) {
      out.line(`${asset.key} has not been evaluated yet: is a daemon running?`)
      return 0
    }
    for (const evaluation of history) {
      out.line(`${asset.key} at tick ${evaluation.tickId}: ${describeOutcome(evaluation.outcome)}`)
      for (const line of explainEvaluation(evaluation.condition, '  ')) out.line(line)
    }
    return 0
  })
}
