import type { AssetKey } from '../definitions/asset-key.js'
import type { SkipReason } from '../events/event-types.js'
import type { PlanStep } from '../planner/plan.js'

/** How a step ended, as far as its downstream is concerned. */
export type StepVerdict =
  | { readonly kind: 'succeeded' }
  | { readonly kind: 'failed' }
  /** Materialized, but a blocking check (`by`, as `key:check`) did not pass. */
  | { readonly kind: 'blocked'; readonly by: string }
  | { readonly kind: 'canceled' }

export interface Skip {
  readonly key: AssetKey
  readonly reason: SkipReason
  /** The root: the failed asset, or `key:check` of the blocking check; 'cancel' when canceled. */
  readonly blockedBy: string
  /** The upstream step that made this one skip (undefined when canceled). */
  readonly via: AssetKey | undefined
}

export interface ScheduleOptions {
  readonly concurrency: number
  readonly signal: AbortSignal
  readonly run: (step: PlanStep) => Promise<StepVerdict>
  readonly skip: (skip: Skip) => void
}

/**
 * Runs steps in dependency order, at most `concurrency` at a time: a step starts once all its
 * upstream steps succeeded. A step that fails (or is blocked by a check) skips everything below it
 * in the plan. Once `signal` aborts, no step starts; running ones finish, the rest are skipped
 * as 'canceled'. `run` must not throw.
 */
export function schedule(steps: readonly PlanStep[], options: ScheduleOptions): Promise<void> {
  const byKey = new Map(steps.map((step) => [step.key, step]))
  const waitingOn = new Map(steps.map((step) => [step.key, step.upstream.length]))
  const ready = steps.filter((step) => step.upstream.length === 0)
  const settled = new Set<AssetKey>()
  let next = 0
  let running = 0

  const skipBelow = (step: PlanStep, verdict: Exclude<StepVerdict, { kind: 'succeeded' }>) => {
    if (verdict.kind === 'canceled') return
    const root = verdict.kind === 'blocked' ? verdict.by : step.key
    const direct: SkipReason = verdict.kind === 'blocked' ? 'blocked_by_check' : 'upstream_failed'
    const stack: Array<{ key: AssetKey; via: AssetKey; reason: SkipReason }> = step.downstream.map(
      (key) => ({ key, via: step.key, reason: direct }),
    )
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      if (settled.has(item.key)) continue
      settled.add(item.key)
      options.skip({ key: item.key, reason: item.reason, blockedBy: root, via: item.via })
      for (const below of byKey.get(item.key)?.downstream ?? []) {
        stack.push({ key: below, via: item.key, reason: 'upstream_skipped' })
      }
    }
  }

  return new Promise((resolve) => {
    const pump = () => {
      while (!options.signal.aborted && running < options.concurrency && next < ready.length) {
        start(ready[next++] as PlanStep)
      }
      if (running > 0) return
      if (options.signal.aborted || next >= ready.length) {
        for (const step of steps) {
          if (settled.has(step.key)) continue
          settled.add(step.key)
          options.skip({ key: step.key, reason: 'canceled', blockedBy: 'cancel', via: undefined })
        }
        resolve()
      }
    }
    const start = (step: PlanStep) => {
      running += 1
      settled.add(step.key)
      const verdict = options.run(step).catch((): StepVerdict => ({ kind: 'failed' }))
      void verdict.then((verdict) => {
        running -= 1
        if (verdict.kind === 'succeeded') {
          for (const key of step.downstream) {
            if (settled.has(key)) continue
            const left = (waitingOn.get(key) ?? 1) - 1
            waitingOn.set(key, left)
            if (left === 0) ready.push(byKey.get(key) as PlanStep)
          }
        } else {
          skipBelow(step, verdict)
        }
        pump()
      })
    }
    pump()
  })
}
