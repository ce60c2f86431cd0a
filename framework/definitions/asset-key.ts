import { DefinitionError } from '../errors.js'

/** `layer/name`, e.g. `silver/user_dim`. The layer is the default group and the storage folder. */
export type AssetKey = `${string}/${string}`

const KEY_PATTERN = /^[a-z][a-z0-9_]*\/[a-z_][a-z0-9_]*$/

/** Validates a key typed by a user (definitions, CLI, API) and returns it typed. */
export function parseAssetKey(value: string, where = 'asset key'): AssetKey {
  if (KEY_PATTERN.test(value)) return value as AssetKey
  const suggestion = value
    .toLowerCase()
    .replace(/[.:]/, '/')
    .replace(/[^a-z0-9_/]/g, '_')
  throw new DefinitionError(
    'ASSET_KEY_INVALID',
    `${where}: "${value}" is not a valid asset key. Keys are "layer/name" in lower case, letters, digits and "_" (e.g. "silver/user_dim").`,
    KEY_PATTERN.test(suggestion) ? { hint: `Did you mean "${suggestion}"?` } : {},
  )
}

export function layerOf(key: AssetKey): string {
  return key.slice(0, key.indexOf('/'))
}

export function nameOf(key: AssetKey): string {
  return key.slice(key.indexOf('/') + 1)
}

/**
 * Key of an asset's companion table `name` (e.g. `bronze/_quarantine/events` for `bronze/events`):
 * storages place it by key, so it lands at `<layer>/_<name>/<asset>`. Never a selectable asset.
 */
export function companionKey(key: AssetKey, name: string): AssetKey {
  return `${layerOf(key)}/_${name}/${nameOf(key)}`
}
