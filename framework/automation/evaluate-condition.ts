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

/** A condition turned into a function of the asset's scope. */
export type ConditionEvaluator = (scope: AssetScope) => ConditionEvaluation

const compiled = new WeakMap<AutomationCondition, ConditionEvaluator>()
const byShape = new Map<string, ConditionEvaluator>()

/**
 * Compiles `condition` into nested closures, once per distinct tree: every `eager()` is a new
 * object, but all share one evaluator, so each node's code sees one shape of data (a generic
 * recursive walk is megamorphic and made a 5,000-asset tick several times slower).
 */
export function compileCondition(condition: AutomationCondition): ConditionEvaluator {
  let evaluator = compiled.get(condition)
  if (evaluator !== undefined) return evaluator
  const shape = JSON.stringify(condition)
  evaluator = byShape.get(shape) ?? build(condition)
  byShape.set(shape, evaluator)
  compiled.set(condition, evaluator)
  return evaluator
}

/** Evaluates every part of `condition` (no short-circuit, so the tree explains itself in full). */
export function evaluateCondition(
  condition: AutomationCondition,
  scope: AssetScope,
): ConditionEvaluation {
  return compileCondition(condition)(scope)
}

/**
 * Results without a detail are shared frozen constants, and a branch whose children are all
 * constants is one too (memoized by its children's ids): an unchanged tick then allocates no tree
 * at all for most assets, which keeps 5,000 trees per tick out of the garbage collector.
 */
const constantIds = new Map<ConditionEvaluation, number>()

function constant(node: ConditionEvaluation): ConditionEvaluation {
  const frozen = Object.freeze(node)
  constantIds.set(frozen, constantIds.size + 1)
  return frozen
}

function build(condition: AutomationCondition): ConditionEvaluator {
  switch (condition.type) {
    case 'all_of':
    case 'any_of':
      return branch(
        condition.conditions.map(build),
        condition.label ?? (condition.type === 'all_of' ? 'all of' : 'any of'),
        condition.type === 'all_of'
          ? (values) => values.every(Boolean)
          : (values) => values.some(Boolean),
      )
    case 'not':
      return branch([build(condition.condition)], condition.label ?? 'not', (values) => !values[0])
    default: {
      const label = condition.label ?? leafLabel(condition)
      const yes = constant({ label, value: true })
      const no = constant({ label, value: false })
      return (scope) => {
        const { value, detail } = evaluateLeaf(condition, scope)
        if (detail === undefined) return value ? yes : no
        return { label, value, detail }
      }
    }
  }
}

function branch(
  parts: readonly ConditionEvaluator[],
  label: string,
  combine: (values: readonly boolean[]) => boolean,
): ConditionEvaluator {
  const children: ConditionEvaluation[] = new Array(parts.length)
  const values: boolean[] = new Array(parts.length)
  const memo = new Map<number, ConditionEvaluation>()
  const memoizable = parts.length <= 4
  return (scope) => {
    let key = 0
    let shared = memoizable
    for (let i = 0; i < parts.length; i++) {
      const child = (parts[i] as ConditionEvaluator)(scope)
      children[i] = child
      values[i] = child.value
      const id = constantIds.get(child)
      if (id === undefined || id >= 4096) shared = false
      else key = key * 4096 + id
    }
    const value = combine(values)
    if (!shared) return { label, value, children: children.slice() }
    let node = memo.get(key)
    if (node === undefined) {
      node = constant({ label, value, children: children.slice() })
      memo.set(key, node)
    }
    return node
  }
}

function leafLabel(condition: ConditionLeaf): string {
  return condition.type === 'cron_tick_passed' ||
    condition.type === 'all_upstreams_updated_since_cron'
    ? `${LABELS[condition.type]} (${condition.cron})`
    : LABELS[condition.type]
}

interface LeafValue {
  readonly value: boolean
  readonly detail?: string
}

function evaluateLeaf(condition: ConditionLeaf, scope: AssetScope): LeafValue {
  const { asset, state, cursor } = scope
  switch (condition.type) {
    case 'missing':
      if (state.materializations.has(asset.key)) return { value: false }
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
      const latest = state.materializations.get(asset.key)
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

function upstreamAssets(scope: AssetScope): readonly AssetKey[] {
  const upstream = scope.definitions.upstream(scope.asset.key)
  // Most assets read only assets: return the cached list itself rather than a filtered copy.
  for (const key of upstream) {
    if (!scope.definitions.assets.has(key)) {
      return upstream.filter((k) => scope.definitions.assets.has(k))
    }
  }
  return upstream
}

function list(keys: readonly AssetKey[]): string {
  return keys.length <= 3
    ? keys.join(', ')
    : `${keys.slice(0, 3).join(', ')} and ${keys.length - 3} more`
}
