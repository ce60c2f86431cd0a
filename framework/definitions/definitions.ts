import type { DirectedGraph } from 'graphology'
import type { AssetKey } from './asset-key.js'
import type { AnyAsset, CheckDefinition, SourceDefinition } from './types.js'

export type AssetNode = AnyAsset | SourceDefinition

/** Node attributes of the asset graph; edges run from upstream to downstream. */
export interface AssetNodeAttributes {
  readonly definition: AssetNode
}

export type AssetGraph = DirectedGraph<AssetNodeAttributes>

/** A validated set of assets, sources and checks: what the CLI, server and daemon load. */
export interface Definitions {
  readonly assets: ReadonlyMap<AssetKey, AnyAsset>
  readonly sources: ReadonlyMap<AssetKey, SourceDefinition>
  /** Checks by the key of the asset they check, in declaration order. */
  readonly checks: ReadonlyMap<AssetKey, readonly CheckDefinition[]>
  readonly graph: AssetGraph
  /** Every key (sources and assets) in a topological order: upstream before downstream. */
  readonly order: readonly AssetKey[]
  /** The definition for `key`; throws SELECTION_UNKNOWN_KEY with a "did you mean" if there is none. */
  get(key: string): AssetNode
  /** Keys of the direct upstream dependencies of `key`. */
  upstream(key: AssetKey): readonly AssetKey[]
  /** Keys of the direct downstream dependents of `key`. */
  downstream(key: AssetKey): readonly AssetKey[]
}
