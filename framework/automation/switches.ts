import type { AssetKey } from '../definitions/asset-key.js'
import type { InstanceStore } from '../instance/instance-store.js'

const ENABLED = 'automation.enabled'
const DISABLED_ASSETS = 'automation.disabled_assets'

/** Automation's on/off switches, kept in the instance store so every process sees them. */
export interface AutomationSwitches {
  /** The global switch: off, the daemon keeps running but evaluates nothing. */
  readonly enabled: boolean
  /** Assets switched off one by one: evaluated (so "why not" stays answerable), never requested. */
  readonly disabled: ReadonlySet<AssetKey>
}

/** Reads both switches (two small reads). Automation is on unless switched off. */
export async function readSwitches(store: InstanceStore): Promise<AutomationSwitches> {
  const [enabled, disabled] = await Promise.all([
    store.getValue(ENABLED),
    store.getValue(DISABLED_ASSETS),
  ])
  return {
    enabled: enabled !== 'false',
    disabled: new Set(disabled === undefined ? [] : (JSON.parse(disabled) as AssetKey[])),
  }
}

/** Switches automation on or off for the whole instance. */
export async function setAutomationEnabled(store: InstanceStore, enabled: boolean): Promise<void> {
  await store.setValue(ENABLED, String(enabled))
}

/** Switches automation on or off for `keys`; returns the keys switched off afterwards. */
export async function setAssetsAutomation(
  store: InstanceStore,
  keys: Iterable<AssetKey>,
  enabled: boolean,
): Promise<AssetKey[]> {
  const { disabled } = await readSwitches(store)
  const next = new Set(disabled)
  for (const key of keys) {
    if (enabled) next.delete(key)
    else next.add(key)
  }
  const sorted = [...next].sort()
  await store.setValue(DISABLED_ASSETS, JSON.stringify(sorted))
  return sorted
}
