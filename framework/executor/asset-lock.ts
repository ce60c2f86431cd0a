import type { AssetKey } from '../definitions/asset-key.js'
import { FrameworkError } from '../errors.js'
import type { InstanceStore } from '../instance/instance-store.js'
import { nowIso } from '../util/clock.js'
import type { RunEvents } from './run-events.js'
import { sleep } from './sleep.js'

export interface AssetLockOptions {
  readonly runId: string
  /** 'wait': poll until the holder lets go; 'fail': fail the step with ASSET_LOCKED. */
  readonly lockWait: 'wait' | 'fail'
  readonly pollMs: number
  readonly signal: AbortSignal
}

/**
 * Takes the cross-process lock on `key` for the run, so two runs (in any processes) never
 * materialize the same asset at once. While another run holds it, either waits (telling the run's
 * log who it waits for, once per holder) or fails naming the holder.
 */
export async function acquireAssetLock(
  store: InstanceStore,
  key: AssetKey,
  events: RunEvents,
  options: AssetLockOptions,
): Promise<void> {
  let announced: string | undefined
  for (;;) {
    const holder = await store.tryLockAsset(key, options.runId)
    if (holder === undefined) return
    if (options.lockWait === 'fail') {
      throw new FrameworkError(
        'ASSET_LOCKED',
        `materialize "${key}": run ${holder.runId} (pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt}) is materializing it. Wait for that run to finish (\`medallion runs\`), then retry; or let this run wait for it instead of failing.`,
        { hint: `Run ${holder.runId} holds the lock on ${key}.` },
      )
    }
    if (announced !== holder.runId) {
      announced = holder.runId
      events.emit({
        type: 'step_waiting',
        runId: options.runId,
        at: nowIso(),
        key,
        heldByRunId: holder.runId,
        message: `waiting for run ${holder.runId}, which is materializing ${key}`,
      })
    }
    await sleep(options.pollMs, options.signal)
    if (options.signal.aborted) {
      throw new FrameworkError(
        'RUN_CANCELED',
        `materialize "${key}": the run was canceled while waiting for run ${holder.runId} to release the asset.`,
      )
    }
  }
}
