import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { RunResult } from '../executor/run-result.js'
import type { InstanceStore } from '../instance/instance-store.js'
import type { AssetCursor } from './evaluation-types.js'
import { decodeCursors, encodeCursors } from './tick.js'

/**
 * After a daemon run: each asset of the run counts the new versions of its upstreams that were
 * materialized in the same run as handled. A request records upstream versions as they were
 * before the run; without this, an asset that failed (or was blocked by a check) would be
 * requested again for data it already had its chance at.
 */
export async function settleCursors(
  store: InstanceStore,
  definitions: Definitions,
  result: RunResult,
): Promise<void> {
  const produced = new Map<AssetKey, string>()
  for (const outcome of result.assets) {
    if (outcome.outcome === 'materialized' && outcome.dataVersion !== undefined) {
      produced.set(outcome.key, outcome.dataVersion)
    }
  }
  if (produced.size === 0) return
  const keys = result.assets.map((outcome) => outcome.key)
  const cursors = decodeCursors(await store.automationCursors(keys))
  const updated = new Map<AssetKey, AssetCursor>()
  for (const [key, cursor] of cursors) {
    const handled = { ...cursor.handled }
    let changed = false
    for (const upstream of definitions.upstream(key)) {
      const version = produced.get(upstream)
      if (version !== undefined && handled[upstream] !== version) {
        handled[upstream] = version
        changed = true
      }
    }
    if (changed) updated.set(key, { ...cursor, handled })
  }
  if (updated.size > 0) await store.setAutomationCursors(encodeCursors(updated))
}
