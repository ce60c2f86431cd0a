import type * as z from 'zod'
import { DefinitionError } from '../errors.js'
import { type AssetKey, layerOf, parseAssetKey } from './asset-key.js'
import type { AssetDefinition, AssetDeps, AssetReference, AssetSpec } from './types.js'

/**
 * Declares an asset: a table, its upstream dependencies, and how to compute it.
 * @example
 * export const userDim = defineAsset({
 *   key: 'silver/user_dim',
 *   deps: { signups: userSignups },
 *   schema: z.object({ user_id: z.string(), signup_date: z.date() }),
 *   materialize: ({ inputs }) => sql`select user_id, signup_date from ${inputs.signups}`,
 * })
 */
export function defineAsset<
  const K extends AssetKey,
  S extends z.ZodObject,
  D extends AssetDeps = Record<never, never>,
>(spec: AssetSpec<K, S, D>): AssetDefinition<K, S, D> {
  const key = parseAssetKey(spec.key, 'defineAsset') as K
  const retry = spec.retry ?? { maxRetries: 0 }
  if (!Number.isInteger(retry.maxRetries) || retry.maxRetries < 0) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      `defineAsset "${key}": retry.maxRetries must be a whole number of 0 or more, got ${retry.maxRetries}.`,
    )
  }
  return Object.freeze({
    type: 'asset',
    key,
    deps: spec.deps ?? ({} as D),
    group: spec.group ?? layerOf(key),
    description: spec.description ?? '',
    owners: spec.owners ?? [],
    tags: spec.tags ?? {},
    kinds: spec.kinds ?? [],
    codeVersion: spec.codeVersion ?? '1',
    storage: spec.storage ?? 'delta',
    partitionBy: spec.partitionBy ?? [],
    schema: spec.schema,
    automation: spec.automation,
    retry,
    materialize: spec.materialize,
  })
}

/**
 * A dependency named by key instead of by handle: for assets defined elsewhere (another package)
 * or for references that would otherwise be circular imports. The loader checks that it exists.
 */
export function assetRef<Row = unknown, const K extends AssetKey = AssetKey>(
  key: K,
): AssetReference<K, Row> {
  return Object.freeze({ type: 'reference', key: parseAssetKey(key, 'assetRef') as K })
}
