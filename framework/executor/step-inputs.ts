import type { DuckDBConnection } from '@duckdb/node-api'
import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { TableRef } from '../definitions/sql.js'
import type { AnyAsset, SourceRef } from '../definitions/types.js'
import { FrameworkError } from '../errors.js'
import type { Instance } from '../instance/instance.js'
import type { SourceObservation } from '../sources/observe-source.js'
import type { IOManager } from '../storage/io-manager.js'

/** The inputs of one step, the data version of each, and how to let go of the tables. */
export interface StepInputs {
  readonly inputs: Record<string, TableRef | SourceRef>
  readonly versions: Map<AssetKey, string>
  /** Releases every table ref taken (storages that lock files let go); never throws. */
  release(): Promise<void>
}

export interface InputSources {
  readonly definitions: Definitions
  readonly instance: Instance
  readonly observations: ReadonlyMap<AssetKey, SourceObservation>
  readonly sourceErrors: ReadonlyMap<AssetKey, FrameworkError>
  /** Latest data version of an asset: this run's materialization, else the store's. */
  readonly versionOf: (key: AssetKey) => string | undefined
}

/** A TableRef per asset dependency (through its storage), a SourceRef per source dependency. */
export async function resolveInputs(
  asset: AnyAsset,
  from: InputSources,
  connection: DuckDBConnection,
): Promise<StepInputs> {
  const inputs: Record<string, TableRef | SourceRef> = {}
  const versions = new Map<AssetKey, string>()
  const taken: Array<{ storage: IOManager; key: AssetKey }> = []
  const release = async () => {
    for (const { storage, key } of taken.splice(0).reverse()) {
      // Best effort: a release failure must not hide the step's own outcome.
      await storage.release(key).catch(() => undefined)
    }
  }
  try {
    for (const [name, handle] of Object.entries(asset.deps)) {
      const key = handle.key
      if (from.definitions.sources.has(key)) {
        const observation = from.observations.get(key)
        if (observation === undefined)
          throw from.sourceErrors.get(key) ?? unobserved(asset.key, key)
        inputs[name] = {
          kind: 'source',
          key,
          files: observation.files,
          dataVersion: observation.dataVersion,
        }
        versions.set(key, observation.dataVersion)
        continue
      }
      const upstream = from.definitions.assets.get(key)
      const version = from.versionOf(key)
      if (upstream === undefined || version === undefined) throw notMaterialized(asset.key, key)
      const storage = from.instance.storageFor(upstream)
      inputs[name] = await storage.ref(key, connection)
      taken.push({ storage, key })
      versions.set(key, version)
    }
  } catch (error) {
    await release()
    throw error
  }
  return { inputs, versions, release }
}

function notMaterialized(key: AssetKey, input: AssetKey): FrameworkError {
  return new FrameworkError(
    'NOT_MATERIALIZED',
    `materialize "${key}": its input "${input}" has never been materialized. Materialize it with this asset: \`medallion materialize --select +key:${key}\`.`,
    { hint: `medallion materialize --select +key:${key}` },
  )
}

function unobserved(key: AssetKey, source: AssetKey): FrameworkError {
  return new FrameworkError(
    'SOURCE_MISSING',
    `materialize "${key}": source "${source}" was not observed by this run. Include it in the plan (buildPlan adds the sources of every step).`,
  )
}
