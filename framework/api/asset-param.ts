import type { AssetKey } from '../definitions/asset-key.js'
import type { AssetNode, Definitions } from '../definitions/definitions.js'
import { didYouMean } from '../definitions/did-you-mean.js'
import { FrameworkError } from '../errors.js'

/**
 * The asset or source a `:key` path parameter names (Hono has already decoded `silver%2Fuser_dim`).
 * Only defined keys get through, so nothing downstream builds a path or SQL from raw client text.
 */
export function assetFromParam(definitions: Definitions, raw: string): AssetNode {
  const known = [...definitions.order]
  if (known.includes(raw as AssetKey)) return definitions.get(raw)
  const suggestion = didYouMean(raw, known)
  throw new FrameworkError(
    'ASSET_NOT_FOUND',
    `api: no asset or source has the key "${raw}".${suggestion}`,
    {
      hint:
        suggestion === ''
          ? 'Keys are "layer/name", sent URL-encoded in paths (silver%2Fuser_dim); GET /api/assets lists them.'
          : suggestion.trim(),
    },
  )
}
