import type { AssetKey } from '../definitions/asset-key.js'
import { sha256 } from '../util/hash.js'

/**
 * The logical data version of a materialization (Dagster's `compute_logical_data_version`): it
 * changes if and only if the code version or an input's data version changes, so re-running an
 * asset on unchanged inputs and code yields the same version and its downstream stays fresh.
 */
export function computeDataVersion(
  codeVersion: string,
  inputVersions: ReadonlyMap<AssetKey, string>,
): string {
  // Sort by key: Map order follows declaration order, which must not change the version.
  const parts = [...inputVersions]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, version]) => `${key}=${version}`)
  return sha256([`code=${codeVersion}`, ...parts].join('\n'))
}
