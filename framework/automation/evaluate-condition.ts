import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { AnyAsset } from '../definitions/types.js'
import { assertUnreachable } from '../errors.js'
import type { AssetStaleness } from '../staleness/stale-types.js'
import type { AutomationCondition, ConditionLeaf } from './condition.js'
import type { AssetCursor, AutomationState, ConditionEvaluation } from './evaluation-types.js'

/** What a condition of one asset is evaluated against. */
export interface AssetScope {
  readonly asset: AnyAsset
  readonly definitions: Definitions
  readonly state: AutomationState
  readonly staleness: ReadonlyMap<AssetKey, AssetStaleness>
  readonly cursor: AssetCursor
  /** Assets requested so far in this tick (every upstream is evaluated before its downstream). */
  readonly requested: ReadonlySet<AssetKey>
  /** Data version an upstream has now, or will have after this tick's run if it is requested. */
  versionOf(key: AssetKey): string | undefined
  /** Latest tick of a cron expression at or before now (computed once per tick). */
  cronTick(cron: string, timezone: string): Date | undefined
}

const LABELS: Record<ConditionLeaf['type'], string> = {
  missing: 'missing',
  new_upstream_data: 'new upstream data',
  new_source_files: 'new source files',
  code_version_changed: 'code version changed',
  cron_tick_passed: 'cron tick passed',
  all_upstreams_updated_since_cron: 'all upstreams updated since cron tick',
  in_progress: 'in progress',
  upstream_in_progress: 'upstream in progress',
  upstream_stale: 'upstream stale or missing',
}

/** Evaluates every part of `condition` (no short-circuit, so the tree explains itself in full). */
export function evaluateCondition(
  condition: AutomationCondition,
  scope: AssetScope,
): ConditionEvaluation {
  switch (condition.type) {
    case 'all_of':
    case 'any_of': {
      const children = condition.conditions.map((child) => evaluateCondition(child, scope))
      const value =
        condition.type === 'all_of'
          ? children.every((child) => child.value)
          : children.some((child) => child.value)
      const label = condition.label ?? (condition.type === 'all_of' ? 'all of' : 'any of')
      return { label, value, children }
    }
    case 'not': {
      const child = evaluateCondition(condition.condition, scope)
      return { label: condition.label ?? 'not', value: !child.value, children: [child] }
    }
    default: {
      const { value, detail } = evaluateLeaf(condition, scope)
      const label =
        condition.label ??
        ('cron' in condition
          ? `${LABELS[condition.type]} (${condition.cron})`
          : LABELS[condition.type])
      return detail === undefined ? { label, value } : { label, value, detail }
    }
  }
}

interface LeafValue {
  readonly value: boolean
  readonly detail?: string
}

function evaluateLeaf(condition: ConditionLeaf, scope: AssetScope): LeafValue {
  const { asset, state, cursor } = scope
  const latest = state.materializations.get(asset.key)
  switch (condition.type) {
    case 'missing':
      if (latest !== undefined) return { value: false }
      if (cursor.missingHandled === true) {
        return { value: false, detail: 'already requested while missing' }
      }
      return { value: true, detail: 'never materialized' }
    case 'new_upstream_data':
    case 'new_source_files': {
      const sourcesOnly = condition.type === 'new_source_files'
      const fresh = newData(scope, sourcesOnly)
      if (fresh.length === 0) return { value: false }
      return { value: true, detail: `new data from ${list(fresh)}` }
    }
    case 'code_version_changed': {
      const changed =
        latest !== undefined &&
        latest.codeVersion !== asset.codeVersion &&
        cursor.codeVersion !== asset.codeVersion
      if (!changed) return { value: false }
      return { value: true, detail: `code version ${latest.codeVersion} → ${asset.codeVersion}` }
    }
    case 'cron_tick_passed': {
      const tick = scope.cronTick(condition.cron, condition.timezone)
      if (tick === undefined) return { value: false, detail: 'the expression has no past tick' }
      const handled = cursor.cronTicks?.[cronKey(condition.cron, condition.timezone)]
      if (tick.getTime() <= Date.parse(cursor.since)) {
        return { value: false, detail: `no tick since automation started (${cursor.since})` }
      }
      if (handled !== undefined && tick.getTime() <= Date.parse(handled)) {
        return { value: false, detail: `tick ${tick.toISOString()} already handled` }
      }
      return { value: true, detail: `tick ${tick.toISOString()} not yet handled` }
    }
    case 'all_upstreams_updated_since_cron': {
      const tick = scope.cronTick(condition.cron, condition.timezone)
      if (tick === undefined) return { value: false, detail: 'the expression has no past tick' }
      const behind = upstreamAssets(scope).filter((key) => {
        if (scope.requested.has(key)) return false
        const at = state.materializations.get(key)?.at
        return at === undefined || Date.parse(at) < tick.getTime()
      })
      if (behind.length > 0) {
        return {
          value: false,
          detail: `not updated since ${tick.toISOString()}: ${list(behind)}`,
        }
      }
      return { value: true }
    }
    case 'in_progress':
      return { value: state.inProgress.has(asset.key) }
    case 'upstream_in_progress': {
      const running = upstreamAssets(scope).filter((key) => state.inProgress.has(key))
      return running.length === 0
        ? { value: false }
        : { value: true, detail: `being materialized: ${list(running)}` }
    }
    case 'upstream_stale': {
      const stale = upstreamAssets(scope).filter(
        (key) => !scope.requested.has(key) && scope.staleness.get(key)?.status !== 'fresh',
      )
      return stale.length === 0
        ? { value: false }
        : {
            value: true,
            detail: stale
              .slice(0, 3)
              .map((key) => `${key} is ${scope.staleness.get(key)?.status ?? 'missing'}`)
              .join(', '),
          }
    }
    default:
      return assertUnreachable(condition)
  }
}

/**
 * Upstreams (all, or sources only) whose data version (after this tick's run, for requested ones)
 * is neither what the asset was last built from nor what a previous request of it covered.
 */
export function newData(scope: AssetScope, sourcesOnly: boolean): AssetKey[] {
  const built = scope.state.materializations.get(scope.asset.key)?.inputVersions
  const found: AssetKey[] = []
  for (const key of scope.definitions.upstream(scope.asset.key)) {
    if (sourcesOnly && !scope.definitions.sources.has(key)) continue
    const version = scope.versionOf(key)
    if (version === undefined) {
      // A requested upstream whose next version cannot be predicted: its run may bring new data.
      if (scope.requested.has(key)) found.push(key)
      continue
    }
    if (version !== built?.[key] && version !== scope.cursor.handled[key]) found.push(key)
  }
  return found
}

/** The key cron ticks are filed under in a cursor. */
export function cronKey(cron: string, timezone: string): string {
  return `${timezone}|${cron}`
}

function upstreamAssets(scope: AssetScope): AssetKey[] {
  return scope.definitions
    .upstream(scope.asset.key)
    .filter((key) => scope.definitions.assets.has(key))
}

function list(keys: readonly AssetKey[]): string {
  return keys.length <= 3
    ? keys.join(', ')
    : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`
}
