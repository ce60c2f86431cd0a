import type { ObservationPolicy } from '../automation/condition.js'
import { type AssetKey, layerOf, parseAssetKey } from './asset-key.js'
import type { SourceDefinition } from './types.js'

export interface SourceSpec<K extends AssetKey> {
  readonly key: K
  /** File or folder relative to the data directory, e.g. `raw/user_signups.jsonl`. */
  readonly path: string
  /** For folders: only files whose name matches. */
  readonly pattern?: RegExp
  readonly group?: string
  readonly description?: string
  readonly owners?: readonly string[]
  readonly tags?: Readonly<Record<string, string>>
  readonly kinds?: readonly string[]
  /** How often the automation daemon observes it (default: every tick). */
  readonly automation?: ObservationPolicy
}

/** Declares a raw input that is observed (fingerprinted), not computed. */
export function defineSource<const K extends AssetKey>(spec: SourceSpec<K>): SourceDefinition<K> {
  return Object.freeze({
    type: 'source',
    key: parseAssetKey(spec.key, 'defineSource') as K,
    path: spec.path,
    pattern: spec.pattern,
    group: spec.group ?? layerOf(spec.key),
    description: spec.description ?? '',
    owners: spec.owners ?? [],
    tags: spec.tags ?? {},
    kinds: spec.kinds ?? ['source'],
    automation: spec.automation,
  })
}
