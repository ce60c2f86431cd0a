import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod'
import { eager } from '../../framework/automation/policies.js'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import type { AnyAsset, AssetHandle } from '../../framework/definitions/types.js'
import type { RunEvent } from '../../framework/events/event-types.js'
import type { Instance } from '../../framework/instance/instance.js'
import { observeSources } from '../../framework/sources/observe-source.js'
import { computeDataVersion } from '../../framework/staleness/data-version.js'

// The graph the tick bench measures (tick time is the bench's job, not a test's): sources, a first
// layer reading them, then assets reading two earlier ones; all eager.
const SOURCES = 10
const schema = z.object({ n: z.number() })

/** `assets` eager no-op assets over 10 file sources (the first 100 read a source each). */
export function automationGraph(assets: number): Definitions {
  const sources = Array.from({ length: SOURCES }, (_, i) =>
    defineSource({ key: `raw/s${i}`, path: `raw/s${i}.csv` }),
  )
  const defined: AnyAsset[] = []
  for (let i = 0; i < assets; i++) {
    const deps: Record<string, AssetHandle> =
      i < 100
        ? { raw: sources[i % SOURCES] as AssetHandle }
        : {
            a: defined[(i * 7) % i] as AssetHandle,
            b: defined[(i * 13 + 1) % i] as AssetHandle,
          }
    defined.push(
      defineAsset({
        key: `layer${Math.floor(i / 500)}/asset_${i}`,
        deps,
        schema,
        automation: eager(),
        materialize: () => sql`select 1 as n`,
      }),
    )
  }
  return defineDefinitions({ sources, assets: defined })
}

/** Writes the source files into `dataDir`. */
export function writeAutomationSources(dataDir: string): void {
  mkdirSync(join(dataDir, 'raw'), { recursive: true })
  for (let i = 0; i < SOURCES; i++) writeFileSync(join(dataDir, `raw/s${i}.csv`), `n\n${i}\n`)
}

/** Records every asset as materialized from the sources' current versions: nothing to do. */
export async function recordAllFresh(
  instance: Instance,
  dataDir: string,
  definitions: Definitions,
): Promise<void> {
  const { observations } = await observeSources(dataDir, [...definitions.sources.values()])
  const versions = new Map<AssetKey, string>()
  for (const [key, observation] of observations) versions.set(key, observation.dataVersion)
  const events: RunEvent[] = []
  for (const key of definitions.order) {
    if (!definitions.assets.has(key)) continue
    const inputs = new Map(definitions.upstream(key).map((up) => [up, versions.get(up) ?? '']))
    const dataVersion = computeDataVersion('1', inputs)
    versions.set(key, dataVersion)
    events.push({
      type: 'asset_materialized',
      runId: 'seed',
      at: new Date().toISOString(),
      key,
      dataVersion,
      codeVersion: '1',
      inputVersions: Object.fromEntries(inputs),
      rowCount: 1,
      columns: [],
      durationMs: 0,
      storageVersion: null,
      location: '',
      metadata: {},
    })
  }
  await instance.store.appendEvents(events)
}
