import * as z from 'zod'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import type { AnyAsset, StorageKind } from '../../framework/definitions/types.js'
// The public API: `medallion --definitions bench/fixtures/generated-definitions.ts` loads this
// file, and the CLI resolves only that entry of its compiled framework.
import { defineAsset, defineDefinitions, sql } from '../../framework/index.js'

/**
 * chain: a0 → a1 → … (each depends on the previous); fanout: one root, every other asset depends
 * on it; layered: layers of 100, each asset depending on up to 3 assets of the layer before
 * (a realistic wide-and-deep graph for planning and staleness).
 */
export type GraphShape = 'chain' | 'fanout' | 'layered'

export interface GraphSpec {
  readonly assets: number
  readonly shape: GraphShape
  readonly storage: StorageKind
}

const LAYER = 100
const schema = z.object({ n: z.number() })

/** Key of asset `i`: its layer in the group, so keys stay valid (`l3/a312`). */
export function keyOf(spec: GraphSpec, i: number): AssetKey {
  const layer = spec.shape === 'fanout' ? (i === 0 ? 0 : 1) : Math.floor(i / LAYER)
  return `l${layer}/a${i}`
}

/** Indexes of the assets asset `i` depends on. Deterministic, so every process builds the same graph. */
export function depsOf(spec: GraphSpec, i: number): number[] {
  if (i === 0) return []
  if (spec.shape === 'chain') return [i - 1]
  if (spec.shape === 'fanout') return [0]
  const layer = Math.floor(i / LAYER)
  if (layer === 0) return []
  const start = (layer - 1) * LAYER
  // Multiplicative hashing picks 1–3 distinct parents in the previous layer.
  const count = 1 + (i % 3)
  const picks = new Set<number>()
  for (let k = 0; k < count; k++) picks.add(start + ((i * 2654435761 + k * 40503) % LAYER))
  return [...picks]
}

/** Definitions of `spec.assets` no-op assets (`select 1 as n`). */
export function generatedDefinitions(spec: GraphSpec): Definitions {
  const assets: AnyAsset[] = []
  for (let i = 0; i < spec.assets; i++) {
    const deps: Record<string, AnyAsset> = {}
    for (const d of depsOf(spec, i)) deps[`d${d}`] = assets[d] as AnyAsset
    assets.push(
      defineAsset({
        key: keyOf(spec, i),
        deps,
        storage: spec.storage,
        schema,
        materialize: () => sql`select 1 as n`,
      }) as AnyAsset,
    )
  }
  return defineDefinitions({ assets })
}

/** The spec a process was given in BENCH_ASSETS / BENCH_SHAPE / BENCH_STORAGE (for the CLI fixture). */
export function specFromEnv(env: NodeJS.ProcessEnv): GraphSpec {
  const shape = (env.BENCH_SHAPE ?? 'chain') as GraphShape
  const storage = (env.BENCH_STORAGE ?? 'delta') as StorageKind
  return { assets: Number(env.BENCH_ASSETS ?? 1000), shape, storage }
}
