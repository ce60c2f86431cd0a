import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { SourceDefinition } from '../definitions/types.js'
import type { Instance } from '../instance/instance.js'
import { observeSources } from '../sources/observe-source.js'

/**
 * Observes sources for the daemon, each on its own interval (every tick unless its definition
 * says `observeEvery(ms)`), and records a `source_observed` event when a fingerprint changed, so
 * the log shows when new raw data arrived. Sources not due keep their last recorded version.
 */
export class SourceObserver {
  private readonly observedAt = new Map<AssetKey, number>()

  constructor(
    private readonly instance: Instance,
    private readonly definitions: Definitions,
    /** The run id observation events are filed under. */
    private readonly runId: string,
  ) {}

  /** The current data version of every source that has one; missing sources are left out. */
  async observe(now: Date): Promise<Map<AssetKey, { dataVersion: string }>> {
    const recorded = await this.instance.store.latestObservations()
    const due: SourceDefinition[] = []
    for (const source of this.definitions.sources.values()) {
      const last = this.observedAt.get(source.key)
      const interval = source.automation?.intervalMs ?? 0
      if (last === undefined || now.getTime() - last >= interval) due.push(source)
    }
    const versions = new Map<AssetKey, { dataVersion: string }>()
    for (const [key, event] of recorded) {
      if (this.definitions.sources.has(key)) versions.set(key, { dataVersion: event.dataVersion })
    }
    if (due.length === 0) return versions
    const { observations } = await observeSources(this.instance.dataDir, due)
    const at = now.toISOString()
    const changed = []
    for (const source of due) {
      this.observedAt.set(source.key, now.getTime())
      const observation = observations.get(source.key)
      // A source that cannot be observed has no current version: nothing downstream is new.
      if (observation === undefined) {
        versions.delete(source.key)
        continue
      }
      versions.set(source.key, { dataVersion: observation.dataVersion })
      if (recorded.get(source.key)?.dataVersion === observation.dataVersion) continue
      changed.push({
        type: 'source_observed' as const,
        runId: this.runId,
        at,
        key: source.key,
        dataVersion: observation.dataVersion,
        fileCount: observation.files.length,
        bytes: observation.bytes,
      })
    }
    await this.instance.store.appendEvents(changed)
    return versions
  }
}
