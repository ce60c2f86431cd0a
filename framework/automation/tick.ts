import { randomUUID } from 'node:crypto'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { errorMessage, isFrameworkError } from '../errors.js'
import type { AutomationTick, NewAutomationTick } from '../instance/automation-records.js'
import type { Instance } from '../instance/instance.js'
import { evaluate } from './evaluate.js'
import type {
  AssetCursor,
  AutomationState,
  ConditionEvaluation,
  EvaluationOutcome,
  EvaluationResult,
} from './evaluation-types.js'
import type { SourceObserver } from './observe-sources.js'
import type { AutomationSwitches } from './switches.js'

export interface TickContext {
  readonly instance: Instance
  readonly definitions: Definitions
  readonly daemonId: string
  readonly observer: SourceObserver
  readonly switches: AutomationSwitches
  /** Assets in runs this daemon launched that have not finished. */
  readonly launched: ReadonlySet<AssetKey>
  /**
   * The evaluation last stored for each asset; the tick stores only those that differ, and
   * updates this map. Empty at first, so a new daemon records every asset once.
   */
  readonly stored: Map<AssetKey, StoredBody>
  /** Decoded cursors by their stored text, so an unchanged cursor is not parsed again. */
  readonly cursorCache: Map<AssetKey, { readonly text: string; readonly cursor: AssetCursor }>
  readonly now: Date
}

export interface TickResult {
  readonly tick: AutomationTick
  /** Present when the tick requested assets: the run to launch, with the id the tick recorded. */
  readonly run?: { readonly runId: string; readonly keys: readonly AssetKey[] }
  readonly evaluation?: EvaluationResult
}

/**
 * One tick: observe sources, read every fact in one batched query per kind, evaluate every
 * policy, store the cursors of what it requests, and record the tick. It does not launch the run
 * (the daemon does, with the returned id). A tick that fails is recorded as failed.
 */
export async function runTick(context: TickContext): Promise<TickResult> {
  const { instance, definitions } = context
  const startedAt = context.now.toISOString()
  const base = { startedAt, daemonId: context.daemonId }
  try {
    const state = await loadState(context)
    const evaluation = evaluate(definitions, state, context.now)
    if (evaluation.cursors.size > 0) {
      await instance.store.setAutomationCursors(encodeCursors(evaluation.cursors))
    }
    const runId = evaluation.requested.length > 0 ? randomUUID() : null
    const changed: { key: AssetKey; body: string }[] = []
    const bodies: [AssetKey, StoredBody][] = []
    for (const [key, { outcome, condition }] of evaluation.evaluations) {
      const previous = context.stored.get(key)
      // Comparing trees in place: serializing 5,000 of them every tick would cost more than the rest.
      if (previous?.outcome === outcome && sameCondition(previous.condition, condition)) continue
      bodies.push([key, { outcome, condition }])
      changed.push({ key, body: JSON.stringify({ outcome, condition }) })
    }
    const record: NewAutomationTick = {
      ...base,
      finishedAt: new Date().toISOString(),
      status: 'success',
      runId,
      requested: evaluation.requested,
      evaluatedCount: evaluation.evaluations.size,
      error: null,
    }
    const id = await instance.store.recordAutomationTick(record, changed)
    for (const [key, body] of bodies) context.stored.set(key, body)
    const tick = { ...record, id }
    return runId === null
      ? { tick, evaluation }
      : { tick, evaluation, run: { runId, keys: evaluation.requested } }
  } catch (error) {
    const record: NewAutomationTick = {
      ...base,
      finishedAt: new Date().toISOString(),
      status: 'failure',
      runId: null,
      requested: [],
      evaluatedCount: 0,
      error: tickError(error),
    }
    // If the store itself failed, recording fails too; the daemon's state keeps the error.
    const id = await instance.store.recordAutomationTick(record, [])
    return { tick: { ...record, id } }
  }
}

async function loadState(context: TickContext): Promise<AutomationState> {
  const { store } = context.instance
  const sources = await context.observer.observe(context.now)
  const [materializations, locks, cursors] = await Promise.all([
    store.latestMaterializations(),
    store.listLocks(),
    store.automationCursors(),
  ])
  const inProgress = new Set(context.launched)
  for (const lock of locks) inProgress.add(lock.key)
  return {
    materializations,
    sources,
    inProgress,
    disabled: context.switches.disabled,
    cursors: decodeCached(cursors, context.cursorCache),
  }
}

/** An asset's evaluation as stored: its outcome and condition tree. */
export interface StoredBody {
  readonly outcome: EvaluationOutcome
  readonly condition: ConditionEvaluation
}

function sameCondition(a: ConditionEvaluation, b: ConditionEvaluation): boolean {
  if (a === b) return true
  if (a.value !== b.value || a.label !== b.label || a.detail !== b.detail) return false
  const left = a.children ?? []
  const right = b.children ?? []
  if (left.length !== right.length) return false
  for (let i = 0; i < left.length; i++) {
    if (!sameCondition(left[i] as ConditionEvaluation, right[i] as ConditionEvaluation))
      return false
  }
  return true
}

function decodeCached(
  texts: ReadonlyMap<AssetKey, string>,
  cache: Map<AssetKey, { readonly text: string; readonly cursor: AssetCursor }>,
): Map<AssetKey, AssetCursor> {
  const cursors = new Map<AssetKey, AssetCursor>()
  for (const [key, text] of texts) {
    let entry = cache.get(key)
    if (entry?.text !== text) {
      entry = { text, cursor: JSON.parse(text) as AssetCursor }
      cache.set(key, entry)
    }
    cursors.set(key, entry.cursor)
  }
  return cursors
}

export function encodeCursors(cursors: ReadonlyMap<AssetKey, AssetCursor>): Map<AssetKey, string> {
  return new Map([...cursors].map(([key, cursor]) => [key, JSON.stringify(cursor)]))
}

export function decodeCursors(cursors: ReadonlyMap<AssetKey, string>): Map<AssetKey, AssetCursor> {
  return new Map([...cursors].map(([key, cursor]) => [key, JSON.parse(cursor) as AssetCursor]))
}

/** A failed tick's error as recorded: a FrameworkError's code and hint, else INTERNAL. */
function tickError(error: unknown): NonNullable<NewAutomationTick['error']> {
  if (!isFrameworkError(error)) {
    return { code: 'INTERNAL', message: `automation tick: ${errorMessage(error)}` }
  }
  return {
    code: error.code,
    message: error.message,
    ...(error.hint === undefined ? {} : { hint: error.hint }),
  }
}
