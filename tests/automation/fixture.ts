import * as z from 'zod'
import type { AutomationCondition } from '../../framework/automation/condition.js'
import type { AssetCursor, AutomationState } from '../../framework/automation/evaluation-types.js'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import { sql } from '../../framework/definitions/sql.js'
import { computeDataVersion } from '../../framework/staleness/data-version.js'

const schema = z.object({ n: z.number() })
const one = () => sql`select 1 as n`

export interface Policies {
  readonly bronze?: AutomationCondition
  readonly silver?: AutomationCondition
  readonly gold?: AutomationCondition
  /** Version of silver's code (default '1'). */
  readonly silverCode?: string
}

/**
 * raw/events (source) → bronze/events → silver/events → gold/summary, and a second bronze
 * (bronze/users, no policy) that gold also reads: the graph every truth table runs on.
 */
export function chain(policies: Policies) {
  const raw = defineSource({ key: 'raw/events', path: 'raw/events' })
  const bronze = defineAsset({
    key: 'bronze/events',
    deps: { raw },
    schema,
    materialize: one,
    ...(policies.bronze === undefined ? {} : { automation: policies.bronze }),
  })
  const users = defineAsset({ key: 'bronze/users', schema, materialize: one })
  const silver = defineAsset({
    key: 'silver/events',
    deps: { bronze },
    schema,
    codeVersion: policies.silverCode ?? '1',
    materialize: one,
    ...(policies.silver === undefined ? {} : { automation: policies.silver }),
  })
  const gold = defineAsset({
    key: 'gold/summary',
    deps: { silver, users },
    schema,
    materialize: one,
    ...(policies.gold === undefined ? {} : { automation: policies.gold }),
  })
  return defineDefinitions({ assets: [bronze, users, silver, gold] })
}

/** Mutable facts the tests set up, then freeze into an AutomationState. */
export class FakeState {
  readonly materializations = new Map<
    AssetKey,
    {
      dataVersion: string
      codeVersion: string
      inputVersions: Record<string, string>
      at: string
    }
  >()
  readonly sources = new Map<AssetKey, { dataVersion: string }>()
  readonly inProgress = new Set<AssetKey>()
  readonly disabled = new Set<AssetKey>()
  readonly cursors = new Map<AssetKey, AssetCursor>()

  observe(key: AssetKey, dataVersion: string): this {
    this.sources.set(key, { dataVersion })
    return this
  }

  /** Records a materialization of `key` built from the current versions of `inputs`. */
  materialize(key: AssetKey, inputs: readonly AssetKey[], at: string, codeVersion = '1'): this {
    const inputVersions: Record<string, string> = {}
    for (const input of inputs) {
      const version =
        this.sources.get(input)?.dataVersion ?? this.materializations.get(input)?.dataVersion
      if (version !== undefined) inputVersions[input] = version
    }
    const dataVersion = computeDataVersion(
      codeVersion,
      new Map(Object.entries(inputVersions)) as Map<AssetKey, string>,
    )
    this.materializations.set(key, { dataVersion, codeVersion, inputVersions, at })
    return this
  }

  /** Everything up to date as of `at`, from raw version `raw`. */
  allBuilt(raw: string, at: string): this {
    return this.observe('raw/events', raw)
      .materialize('bronze/events', ['raw/events'], at)
      .materialize('bronze/users', [], at)
      .materialize('silver/events', ['bronze/events'], at)
      .materialize('gold/summary', ['silver/events', 'bronze/users'], at)
  }

  /** Stores the cursors an evaluation returned, as the daemon does. */
  apply(cursors: ReadonlyMap<AssetKey, AssetCursor>): this {
    for (const [key, cursor] of cursors) this.cursors.set(key, cursor)
    return this
  }

  get state(): AutomationState {
    return this
  }
}
