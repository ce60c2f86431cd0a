import { DefinitionError } from '../errors.js'
import type { AssetKey } from './asset-key.js'
import type { AssetNode } from './definitions.js'
import type { AnyAsset, SourceDefinition } from './types.js'

export interface CollectedNodes {
  readonly assets: Map<AssetKey, AnyAsset>
  readonly sources: Map<AssetKey, SourceDefinition>
  /** Assets and sources together, by key. */
  readonly nodes: Map<AssetKey, AssetNode>
}

const WHERE = 'defineDefinitions'

/**
 * Gathers the assets, the listed sources, and the sources that appear only as dependencies.
 * The same object listed twice counts once; two different objects with one key are an error.
 */
export function collectNodes(
  assets: readonly AnyAsset[],
  sources: readonly SourceDefinition[],
): CollectedNodes {
  const collected: CollectedNodes = { assets: new Map(), sources: new Map(), nodes: new Map() }
  assets.forEach((asset, i) => {
    expectDefinition(asset, 'asset', i)
    add(collected, asset)
  })
  sources.forEach((source, i) => {
    expectDefinition(source, 'source', i)
    add(collected, source)
  })
  for (const asset of assets) {
    // Keys, not entries: one array per asset rather than one per input.
    for (const input of Object.keys(asset.deps)) {
      const dep = asset.deps[input]
      if (dep === undefined || dep === null || typeof dep !== 'object' || !('type' in dep)) {
        throw new DefinitionError(
          'DEFINITION_INVALID',
          `${WHERE}: input "${input}" of asset "${asset.key}" is ${String(dep)}, not an asset or source. This usually comes from a circular import: name the dependency by key with assetRef("layer/name") instead.`,
          { hint: `deps: { ${input}: assetRef('layer/name') }` },
        )
      }
      if (dep.type === 'source') add(collected, dep)
    }
  }
  return collected
}

function add(collected: CollectedNodes, node: AssetNode): void {
  const existing = collected.nodes.get(node.key)
  if (existing === node) return
  if (existing !== undefined) throw duplicateKey(existing, node)
  collected.nodes.set(node.key, node)
  if (node.type === 'asset') collected.assets.set(node.key, node)
  else collected.sources.set(node.key, node)
}

/** Also used when a dependency handle is a different object than the listed definition. */
export function duplicateKey(first: AssetNode, second: AssetNode): DefinitionError {
  const kinds =
    first.type === second.type
      ? `two different ${first.type}s`
      : `an ${first.type} and a ${second.type}`
  return new DefinitionError(
    'ASSET_KEY_DUPLICATE',
    `${WHERE}: ${kinds} have the key "${first.key}". Keys must be unique: rename one, or define it once and import that one definition everywhere.`,
    { hint: `Search your assets for "${first.key}" and keep one definition.` },
  )
}

/** `index` is the position in `assets` or `sources`, named only in the error. */
function expectDefinition(value: unknown, type: 'asset' | 'source', index: number): void {
  const actual =
    value !== null && typeof value === 'object' && 'type' in value
      ? String(value.type)
      : String(value)
  if (actual === type) return
  const fix =
    actual === 'undefined'
      ? 'This usually comes from a circular import or a missing export.'
      : `Pass ${type}s made with define${type === 'asset' ? 'Asset' : 'Source'}().`
  throw new DefinitionError(
    'DEFINITION_INVALID',
    `${WHERE}: ${type}s[${index}] is ${actual === 'undefined' ? 'undefined' : `a ${actual}`}, not an ${type}. ${fix}`,
  )
}
