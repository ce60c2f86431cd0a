import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { AutomationTick, StoredEvaluation } from '../instance/automation-records.js'
import type { Instance } from '../instance/instance.js'
import type { AutomationCondition } from './condition.js'
import type { ConditionEvaluation, EvaluationOutcome } from './evaluation-types.js'
import { readSwitches } from './switches.js'

/** An asset's evaluation as stored, with the tick it was recorded at. */
export interface RecordedEvaluation {
  readonly key: AssetKey
  /** The tick that recorded it; it stayed in force for later ticks until the next one. */
  readonly tickId: number
  readonly outcome: EvaluationOutcome
  readonly condition: ConditionEvaluation
}

export interface AssetAutomationStatus {
  readonly key: AssetKey
  /** The policy in one line (e.g. "eager", "any of (on cron @daily, new source files)"). */
  readonly policy: string
  /** False when switched off for this asset. */
  readonly enabled: boolean
  readonly lastEvaluation: RecordedEvaluation | undefined
}

export interface AutomationStatus {
  /** The global switch. */
  readonly enabled: boolean
  /** The newest tick of any daemon on this instance (undefined: no daemon ever ticked). */
  readonly lastTick: AutomationTick | undefined
  /** Every asset that declares a policy, in topological order. */
  readonly assets: readonly AssetAutomationStatus[]
}

/** Switches, the newest tick and each asset's latest evaluation: four batched reads. */
export async function automationStatus(
  instance: Instance,
  definitions: Definitions,
): Promise<AutomationStatus> {
  const keys = definitions.order.filter((key) => definitions.assets.get(key)?.automation)
  const [switches, ticks, evaluations] = await Promise.all([
    readSwitches(instance.store),
    instance.store.listAutomationTicks({ limit: 1 }),
    instance.store.automationEvaluations({ keys }),
  ])
  return {
    enabled: switches.enabled,
    lastTick: ticks[0],
    assets: keys.map((key) => {
      const stored = evaluations.get(key)
      return {
        key,
        policy: describeCondition(definitions.assets.get(key)?.automation as AutomationCondition),
        enabled: !switches.disabled.has(key),
        lastEvaluation: stored === undefined ? undefined : decodeEvaluation(stored),
      }
    }),
  }
}

/** Ticks newest first; page back with `beforeId`. */
export function listTicks(
  instance: Instance,
  options: { limit?: number; beforeId?: number } = {},
): Promise<AutomationTick[]> {
  return instance.store.listAutomationTicks({ limit: options.limit ?? 50, ...options })
}

/**
 * One tick and, for every asset, the evaluation in force at it (`changed`: recorded by this
 * tick, i.e. it differs from the asset's previous one). Undefined when no such tick is kept.
 */
export async function tickDetail(
  instance: Instance,
  tickId: number,
): Promise<
  { tick: AutomationTick; evaluations: (RecordedEvaluation & { changed: boolean })[] } | undefined
> {
  const [tick] = await instance.store.listAutomationTicks({ beforeId: tickId + 1, limit: 1 })
  if (tick === undefined || tick.id !== tickId) return undefined
  const stored = await instance.store.automationEvaluations({ asOfTickId: tickId })
  const evaluations = [...stored.values()].map((evaluation) => ({
    ...decodeEvaluation(evaluation),
    changed: evaluation.tickId === tickId,
  }))
  return { tick, evaluations }
}

/** One asset's recorded evaluations, newest first (each differs from the one before it). */
export async function assetEvaluations(
  instance: Instance,
  key: AssetKey,
  limit = 50,
): Promise<RecordedEvaluation[]> {
  return (await instance.store.automationEvaluationHistory(key, limit)).map(decodeEvaluation)
}

export function decodeEvaluation(stored: StoredEvaluation): RecordedEvaluation {
  const body = JSON.parse(stored.body) as {
    outcome: EvaluationOutcome
    condition: ConditionEvaluation
  }
  return { key: stored.key, tickId: stored.tickId, ...body }
}

/** A policy in one line: its label, or its parts. */
export function describeCondition(condition: AutomationCondition): string {
  if (condition.label !== undefined) return condition.label
  switch (condition.type) {
    case 'all_of':
    case 'any_of': {
      const name = condition.type === 'all_of' ? 'all of' : 'any of'
      return `${name} (${condition.conditions.map(describeCondition).join(', ')})`
    }
    case 'not':
      return `not (${describeCondition(condition.condition)})`
    case 'cron_tick_passed':
    case 'all_upstreams_updated_since_cron':
      return `${condition.type.replaceAll('_', ' ')} (${condition.cron})`
    default:
      return condition.type.replaceAll('_', ' ')
  }
}
