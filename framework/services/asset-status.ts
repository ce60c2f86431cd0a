import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { errorMessage, isFrameworkError } from '../errors.js'
import type { MaterializationEvent } from '../events/event-types.js'
import type { Instance } from '../instance/instance.js'
import { observeSource } from '../sources/observe-source.js'
import { resolveStaleness } from '../staleness/stale-status.js'
import type { AssetStaleness } from '../staleness/stale-types.js'

export interface AssetStatus {
  readonly staleness: AssetStaleness
  readonly latest: MaterializationEvent | undefined
}

export interface StatusSnapshot {
  readonly statuses: ReadonlyMap<AssetKey, AssetStatus>
  /** Sources whose files could not be observed (missing), with the reason. */
  readonly sourceErrors: ReadonlyMap<AssetKey, string>
}

/**
 * Staleness of every asset as of now: sources are observed afresh (a stat of their files), and the
 * latest materializations come from the instance store in one batched read.
 */
export async function currentStatus(
  instance: Instance,
  definitions: Definitions,
): Promise<StatusSnapshot> {
  const sourceErrors = new Map<AssetKey, string>()
  const sources = new Map<AssetKey, { dataVersion: string }>()
  await Promise.all(
    [...definitions.sources.values()].map(async (source) => {
      try {
        sources.set(source.key, await observeSource(instance.dataDir, source))
      } catch (error) {
        if (!isFrameworkError(error)) throw error
        sourceErrors.set(source.key, errorMessage(error))
      }
    }),
  )
  const materializations = await instance.store.latestMaterializations()
  const staleness = resolveStaleness(definitions, { materializations, sources })
  const statuses = new Map<AssetKey, AssetStatus>()
  for (const [key, value] of staleness) {
    statuses.set(key, { staleness: value, latest: materializations.get(key) })
  }
  return { statuses, sourceErrors }
}
