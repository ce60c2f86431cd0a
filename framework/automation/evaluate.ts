import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { AnyAsset } from '../definitions/types.js'
import { computeDataVersion } from '../staleness/data-version.js'
import { resolveStaleness } from '../staleness/stale-status.js'
import type { AutomationCondition } from './condition.js'
import { latestCronTick } from './cron.js'
import { type AssetScope, compileCondition, cronKey } from './evaluate-condition.js'
import type {
  AssetCursor,
  AssetEvaluation,
  AutomationState,
  EvaluationOutcome,
  EvaluationResult,
} from './evaluation-types.js'

/**
 * Evaluates every asset's automation condition against `state` as of `now`: pure, no I/O, so
 * tests drive it with a fake clock. Assets are visited upstream first, so a downstream asset sees
 * what this tick already requests (an eager asset below a requested one joins the same run).
 */
export function evaluate(
  definitions: Definitions,
  state: AutomationState,
  now: Date,
): EvaluationResult {
  const staleness = resolveStaleness(definitions, state)
  const evaluations = new Map<AssetKey, AssetEvaluation>()
  const requested: AssetKey[] = []
  const requestedSet = new Set<AssetKey>()
  const cursors = new Map<AssetKey, AssetCursor>()
  // Versions the requested assets will have after the run (logical versions are predictable).
  const predicted = new Map<AssetKey, string | undefined>()
  const currentVersion = (key: AssetKey): string | undefined =>
    definitions.sources.has(key)
      ? state.sources.get(key)?.dataVersion
      : state.materializations.get(key)?.dataVersion
  const versionOf = (key: AssetKey) =>
    requestedSet.has(key) ? predicted.get(key) : currentVersion(key)
  const ticks = new Map<string, Date | undefined>()
  const cronTick = (cron: string, timezone: string) => {
    const key = cronKey(cron, timezone)
    if (!ticks.has(key)) ticks.set(key, latestCronTick(cron, timezone, now))
    return ticks.get(key)
  }

  // One scope object, moved from asset to asset: a tick over thousands of assets allocates less.
  const scope: { -readonly [K in keyof AssetScope]: AssetScope[K] } = {
    asset: undefined as unknown as AnyAsset,
    definitions,
    state,
    staleness,
    cursor: undefined as unknown as AssetCursor,
    requested: requestedSet,
    versionOf,
    cronTick,
  }
  for (const key of definitions.order) {
    const asset = definitions.assets.get(key)
    if (asset?.automation === undefined) continue
    const stored = state.cursors.get(key)
    let cursor: AssetCursor = stored ?? { since: now.toISOString(), handled: {} }
    scope.asset = asset
    scope.cursor = cursor
    const condition = compileCondition(asset.automation)(scope)
    const outcome = outcomeOf(condition.value, key, state)
    evaluations.set(key, { key, outcome, condition })

    const materialized = state.materializations.has(key)
    if (outcome === 'requested') {
      requested.push(key)
      requestedSet.add(key)
      predicted.set(key, predictVersion(asset, definitions, versionOf))
      cursor = requestCursor(cursor, asset, definitions, currentVersion, {
        missing: !materialized,
        cronTicks: cronTicksOf(asset.automation, cronTick),
      })
    } else if (materialized && cursor.missingHandled === true) {
      const { missingHandled: _, ...rest } = cursor
      cursor = rest
    }
    if (cursor !== stored) cursors.set(key, cursor)
  }
  return { evaluations, requested, cursors }
}

function outcomeOf(value: boolean, key: AssetKey, state: AutomationState): EvaluationOutcome {
  if (!value) return 'false'
  if (state.disabled.has(key)) return 'disabled'
  if (state.inProgress.has(key)) return 'in_progress'
  return 'requested'
}

/** The data version the run will give `asset` (see computeDataVersion), if every input's is known. */
function predictVersion(
  asset: AnyAsset,
  definitions: Definitions,
  versionOf: (key: AssetKey) => string | undefined,
): string | undefined {
  const inputs = new Map<AssetKey, string>()
  for (const key of definitions.upstream(asset.key)) {
    const version = versionOf(key)
    if (version === undefined) return undefined
    inputs.set(key, version)
  }
  return computeDataVersion(asset.codeVersion, inputs)
}

/**
 * The cursor after a request: the upstream versions as they stand now are handled (the daemon
 * moves those of upstreams in the same run to their new versions when the run ends).
 */
function requestCursor(
  cursor: AssetCursor,
  asset: AnyAsset,
  definitions: Definitions,
  currentVersion: (key: AssetKey) => string | undefined,
  request: { missing: boolean; cronTicks: Record<string, string> },
): AssetCursor {
  const handled: Record<string, string> = { ...cursor.handled }
  for (const key of definitions.upstream(asset.key)) {
    const version = currentVersion(key)
    if (version !== undefined) handled[key] = version
  }
  return {
    since: cursor.since,
    handled,
    codeVersion: asset.codeVersion,
    ...(request.missing ? { missingHandled: true } : {}),
    cronTicks: { ...cursor.cronTicks, ...request.cronTicks },
  }
}

/** The latest tick of every cron expression in `condition`, by cursor key. */
function cronTicksOf(
  condition: AutomationCondition,
  cronTick: (cron: string, timezone: string) => Date | undefined,
): Record<string, string> {
  const found: Record<string, string> = {}
  const visit = (node: AutomationCondition): void => {
    if (node.type === 'all_of' || node.type === 'any_of') node.conditions.forEach(visit)
    else if (node.type === 'not') visit(node.condition)
    else if (node.type === 'cron_tick_passed' || node.type === 'all_upstreams_updated_since_cron') {
      const tick = cronTick(node.cron, node.timezone)
      if (tick !== undefined) found[cronKey(node.cron, node.timezone)] = tick.toISOString()
    }
  }
  visit(condition)
  return found
}
