import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import { parseSelection } from './parse.js'
import { resolveSelection } from './resolve.js'

/**
 * The keys an asset selection expression selects (Dagster's syntax; see docs/selection.md).
 * Returns source keys too, since traversals go through sources: filter with
 * `definitions.assets.has(key)` to keep only assets. Throws SELECTION_SYNTAX (with the column)
 * for a malformed expression and SELECTION_UNKNOWN_KEY for a key that does not exist.
 * @example
 * selectAssets(definitions, '+key:gold/feature_conversion_lift') // the lift and everything upstream
 * selectAssets(definitions, 'group:silver and not tag:pii')
 */
export function selectAssets(definitions: Definitions, expression: string): ReadonlySet<AssetKey> {
  return resolveSelection(parseSelection(expression), definitions, expression)
}
