import { readSwitches } from '../../automation/switches.js'
import type { AssetKey } from '../../definitions/asset-key.js'
import { currentStatus } from '../../services/asset-status.js'
import type { StaleCause as EngineCause } from '../../staleness/stale-types.js'
import type { ApiDeps } from '../deps.js'
import type { AssetSummary, StaleCause } from '../schemas.js'
import { summarizeChecks } from './check-summary.js'

/**
 * Every asset and source as lists and the graph show them, in topological order: staleness as of
 * now, running steps (this server's runs, plus locks held by other processes), check counts,
 * automation switch.
 */
export async function assetSummaries(deps: ApiDeps): Promise<AssetSummary[]> {
  const { definitions, instance, runManager } = deps
  const [{ statuses, sourceErrors }, evaluations, locks, switches] = await Promise.all([
    currentStatus(instance, definitions),
    instance.store.latestCheckEvaluations(),
    instance.store.listLocks(),
    readSwitches(instance.store),
  ])
  const running = new Set<AssetKey>([...runManager.runningKeys(), ...locks.map((lock) => lock.key)])
  return definitions.order.map((key) => {
    const node = definitions.get(key)
    const status = statuses.get(key)
    const sourceError = sourceErrors.get(key) ?? null
    const isSource = node.type === 'source'
    return {
      key,
      type: isSource ? 'source' : 'asset',
      group: node.group,
      description: node.description,
      kinds: [...node.kinds],
      tags: { ...node.tags },
      owners: [...node.owners],
      storage: isSource ? null : node.storage,
      deps: [...definitions.upstream(key)],
      status:
        sourceError !== null
          ? 'missing'
          : (status?.staleness.status ?? (isSource ? 'fresh' : 'missing')),
      causes: (status?.staleness.causes ?? []).map(toApiCause),
      running: running.has(key),
      lastMaterializedAt: status?.latest?.at ?? null,
      rowCount: status?.latest?.rowCount ?? null,
      checks: summarizeChecks(key, definitions.checks.get(key) ?? [], evaluations),
      sourceError,
      automation:
        node.type !== 'asset' || node.automation === undefined
          ? null
          : switches.enabled && !switches.disabled.has(key)
            ? 'on'
            : 'off',
    }
  })
}

/** The engine's cause with its readonly arrays copied into the wire type. */
export function toApiCause(cause: EngineCause): StaleCause {
  return cause.category === 'dependency' ? { ...cause, path: [...cause.path] } : { ...cause }
}
