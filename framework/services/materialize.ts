import type { AssetKey } from '../definitions/asset-key.js'
import type { Definitions } from '../definitions/definitions.js'
import type { RunEvent } from '../events/event-types.js'
import { executeRun } from '../executor/execute-run.js'
import type { RunResult } from '../executor/run-result.js'
import type { Instance } from '../instance/instance.js'
import { buildPlan } from '../planner/build-plan.js'
import { selectAssets } from '../selection/select-assets.js'
import type { AssetStaleness } from '../staleness/stale-types.js'
import { currentStatus } from './asset-status.js'

export interface MaterializeOptions {
  /** Selection expression (docs/selection.md). */
  readonly select: string
  /** Keep only the selected assets that are not fresh. */
  readonly staleOnly?: boolean
  /** Who starts the run: `cli`, `ui`, `daemon`, `test`. */
  readonly launchedBy: string
  readonly runId?: string
  readonly concurrency?: number
  readonly signal?: AbortSignal
  readonly onEvent?: (event: RunEvent) => void
  /** When another run is materializing an asset: wait for it (default) or fail the step. */
  readonly lockWait?: 'wait' | 'fail'
}

/** Selection → plan → run: what `medallion materialize`, the UI's buttons and tests call. */
export async function materialize(
  instance: Instance,
  definitions: Definitions,
  options: MaterializeOptions,
): Promise<RunResult> {
  const keys = selectAssets(definitions, options.select)
  let staleness: Map<AssetKey, AssetStaleness> | undefined
  if (options.staleOnly === true) {
    const { statuses } = await currentStatus(instance, definitions)
    staleness = new Map([...statuses].map(([key, status]) => [key, status.staleness]))
  }
  const plan = buildPlan(definitions, keys, {
    staleOnly: options.staleOnly ?? false,
    ...(staleness === undefined ? {} : { staleness }),
  })
  return executeRun(instance, definitions, plan, {
    selection: options.select,
    launchedBy: options.launchedBy,
    ...(options.runId === undefined ? {} : { runId: options.runId }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    ...(options.lockWait === undefined ? {} : { lockWait: options.lockWait }),
  })
}
