import type { DuckDBConnection } from '@duckdb/node-api'
import { type AssetKey, companionKey } from '../definitions/asset-key.js'
import { SqlFragment } from '../definitions/sql.js'
import type {
  AnyAsset,
  AssetDeps,
  AssetOutput,
  MaterializeContext,
  MetadataValue,
} from '../definitions/types.js'
import { FrameworkError } from '../errors.js'
import { computeDataVersion } from '../staleness/data-version.js'
import { nowIso } from '../util/clock.js'
import { createLogger } from '../util/logger.js'
import { queryRows } from './query-rows.js'
import type { RunEvents } from './run-events.js'
import { type InputSources, resolveInputs } from './step-inputs.js'
import { runUserCode } from './user-code.js'

export interface MaterializeEnv extends InputSources {
  readonly runId: string
  readonly events: RunEvents
  readonly signal: AbortSignal
  /**
   * Mark each write with the run and attempt (OutputOptions.onceId), so that running the same
   * attempt again skips the writes it committed before. Set by queue workers, where a step whose
   * worker was lost is re-run by another; a retry under the asset's policy is a new attempt and
   * writes anew, as in process.
   */
  readonly writeOnce?: boolean
}

/**
 * One attempt at an asset: resolve inputs, call `materialize` in the error boundary, store what it
 * returned, read the table's stats and emit `asset_materialized`. Returns the new data version.
 */
export async function materializeOnce(
  env: MaterializeEnv,
  asset: AnyAsset,
  connection: DuckDBConnection,
  attempt: number,
): Promise<string> {
  const startedAt = performance.now()
  const key = asset.key
  const storage = env.instance.storageFor(asset)
  const outputOptions =
    env.writeOnce === true ? { onceId: `medallion-run:${env.runId}:${attempt}` } : {}
  const inputs = await resolveInputs(asset, env, connection)
  const metadata: Record<string, MetadataValue> = {}
  const tracked = trackUse(storage.output(asset, connection, outputOptions))
  const companions = new Map<AssetKey, ReturnType<typeof trackUse>>()
  const companion = (name: string): AssetOutput => {
    const companionAsset: AnyAsset = { ...asset, key: companionKey(key, name), partitionBy: [] }
    let entry = companions.get(companionAsset.key)
    if (entry === undefined) {
      entry = trackUse(storage.output(companionAsset, connection, outputOptions))
      companions.set(companionAsset.key, entry)
    }
    return entry.output
  }
  try {
    await runUserCode({ kind: 'materialize', key }, async () => {
      const returned: unknown = await asset.materialize({
        runId: env.runId,
        key,
        log: createLogger((level, message, data) =>
          env.events.emit({
            type: 'log',
            runId: env.runId,
            at: nowIso(),
            key,
            level,
            message,
            ...(data === undefined ? {} : { data }),
          }),
        ),
        connection,
        inputs: inputs.inputs as MaterializeContext<AssetDeps>['inputs'],
        output: tracked.output,
        signal: env.signal,
        query: (query) => queryRows(connection, query),
        addMetadata: (added) => Object.assign(metadata, added),
        companion,
      })
      if (returned instanceof SqlFragment) await tracked.output.overwrite(returned)
      else if (returned !== undefined) {
        throw new TypeError(
          'materialize must return sql`...` (which replaces the table) or nothing (after writing through ctx.output)',
        )
      }
      if (!tracked.used() && !(await storage.exists(key))) {
        throw new FrameworkError(
          'NOT_MATERIALIZED',
          'it returned no SQL and wrote nothing through ctx.output, so the asset has no table',
        )
      }
    })
  } finally {
    await inputs.release()
    // Only a used output holds anything; release() on an unused one would end another reader's use.
    if (tracked.used()) await storage.release(key).catch(() => undefined)
    for (const [companionKey, entry] of companions) {
      if (entry.used()) await storage.release(companionKey).catch(() => undefined)
    }
  }
  const stats = await storage.stats(key, connection)
  const dataVersion = computeDataVersion(asset.codeVersion, inputs.versions)
  env.events.emit({
    type: 'asset_materialized',
    runId: env.runId,
    at: nowIso(),
    key,
    dataVersion,
    codeVersion: asset.codeVersion,
    inputVersions: Object.fromEntries(inputs.versions),
    rowCount: stats.rowCount,
    columns: [...stats.columns],
    durationMs: performance.now() - startedAt,
    storageVersion: stats.storageVersion,
    location: stats.location,
    metadata,
  })
  return dataVersion
}

/** Wraps an AssetOutput to know whether the step wrote (or looked at) its table. */
function trackUse(output: AssetOutput): { output: AssetOutput; used: () => boolean } {
  let used = false
  const wrap =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      used = true
      return fn(...args)
    }
  return {
    used: () => used,
    output: {
      current: wrap(() => output.current()),
      appliedTxn: wrap((appId) => output.appliedTxn(appId)),
      overwrite: wrap((query, options) => output.overwrite(query, options)),
      append: wrap((query, options) => output.append(query, options)),
      replaceWhere: wrap((query, predicate, options) =>
        output.replaceWhere(query, predicate, options),
      ),
      delete: wrap((predicate, options) => output.delete(predicate, options)),
      merge: wrap((spec, options) => output.merge(spec, options)),
    },
  }
}
