import type { DuckDBConnection } from '@duckdb/node-api'
import { type AssetKey, companionKey } from '../definitions/asset-key.js'
import type { TableRef } from '../definitions/sql.js'
import type { AnyAsset, CheckDefinition, CheckResult, Metadata } from '../definitions/types.js'
import { errorMessage } from '../errors.js'
import type { CheckStatus } from '../events/event-types.js'
import type { Instance } from '../instance/instance.js'
import { nowIso } from '../util/clock.js'
import { createLogger } from '../util/logger.js'
import { queryRows } from './query-rows.js'
import type { RunEvents } from './run-events.js'
import type { CheckOutcome } from './run-result.js'
import { runUserCode } from './user-code.js'

export interface CheckStepEnv {
  readonly runId: string
  readonly instance: Instance
  readonly events: RunEvents
}

/** The outcomes of an asset's checks, and the first check that blocks its downstream, if any. */
export interface AssetCheckResults {
  readonly outcomes: CheckOutcome[]
  /** `key:check` of the first blocking check that did not pass. */
  readonly blockedBy: string | undefined
}

/**
 * Evaluates `checks` on the asset's current table, in declaration order, each in an error boundary:
 * a check that throws is 'errored' (it could not tell), one that returns fail() is 'failed'.
 *
 * Blocking follows Dagster: only checks with severity 'error' block. We also block on 'errored'
 * (Dagster blocks only on a failed result): a blocking check exists to stop bad data spreading, and
 * a check that crashed has not shown the data is good.
 */
export async function evaluateChecks(
  env: CheckStepEnv,
  asset: AnyAsset,
  checks: readonly CheckDefinition[],
  connection: DuckDBConnection,
): Promise<AssetCheckResults> {
  const outcomes: CheckOutcome[] = []
  if (checks.length === 0) return { outcomes, blockedBy: undefined }
  const storage = env.instance.storageFor(asset)
  let table: TableRef | undefined
  let tableError: unknown
  try {
    table = await storage.ref(asset.key, connection)
  } catch (error) {
    tableError = error
  }
  let blockedBy: string | undefined
  try {
    for (const check of checks) {
      const outcome =
        table === undefined
          ? record(env, check, Date.now(), 'errored', errorMessage(tableError), {})
          : await evaluateOne(env, asset, check, table, connection)
      outcomes.push(outcome)
      if (blockedBy === undefined && blocks(check, outcome.status)) {
        blockedBy = `${asset.key}:${check.name}`
      }
    }
  } finally {
    if (table !== undefined) await storage.release(asset.key).catch(() => undefined)
  }
  return { outcomes, blockedBy }
}

/** Whether a check with this outcome stops the asset's downstream from running. */
export function blocks(check: CheckDefinition, status: CheckStatus): boolean {
  return check.blocking && check.severity === 'error' && status !== 'passed'
}

async function evaluateOne(
  env: CheckStepEnv,
  asset: AnyAsset,
  check: CheckDefinition,
  table: TableRef,
  connection: DuckDBConnection,
): Promise<CheckOutcome> {
  const startedAt = Date.now()
  const key = asset.key
  const storage = env.instance.storageFor(asset)
  const companions: AssetKey[] = []
  const log = createLogger((level, message, data) =>
    env.events.emit({
      type: 'log',
      runId: env.runId,
      at: nowIso(),
      key,
      level,
      message: `[${check.name}] ${message}`,
      ...(data === undefined ? {} : { data }),
    }),
  )
  try {
    const result = await runUserCode({ kind: 'check', key, check: check.name }, async () => {
      const returned: unknown = await check.evaluate({
        runId: env.runId,
        key,
        log,
        connection,
        table,
        query: (query) => queryRows(connection, query),
        queryOne: async (query) => {
          const [row] = await queryRows(connection, query)
          if (row === undefined)
            throw new Error(`queryOne: the query returned no rows: ${query.text}`)
          return row as never
        },
        companion: async (name) => {
          const companion = companionKey(key, name)
          if (!(await storage.exists(companion))) return undefined
          const ref = await storage.ref(companion, connection)
          companions.push(companion)
          return ref
        },
      })
      return asCheckResult(returned)
    })
    return result.passed
      ? record(env, check, startedAt, 'passed', undefined, result.metadata)
      : record(env, check, startedAt, 'failed', result.message, result.metadata)
  } catch (error) {
    return record(env, check, startedAt, 'errored', errorMessage(error), {})
  } finally {
    for (const companion of companions) await storage.release(companion).catch(() => undefined)
  }
}

function asCheckResult(value: unknown): CheckResult {
  const passed = (value as { passed?: unknown } | null)?.passed
  if (typeof passed !== 'boolean') {
    throw new TypeError(
      `evaluate must return pass() or fail(message), got ${JSON.stringify(value)}`,
    )
  }
  const result = value as CheckResult
  return { ...result, metadata: result.metadata ?? {} }
}

function record(
  env: CheckStepEnv,
  check: CheckDefinition,
  startedAt: number,
  status: CheckStatus,
  message: string | undefined,
  metadata: Metadata,
): CheckOutcome {
  const durationMs = Date.now() - startedAt
  env.events.emit({
    type: 'check_evaluated',
    runId: env.runId,
    at: nowIso(),
    key: check.asset,
    check: check.name,
    severity: check.severity,
    blocking: check.blocking,
    status,
    ...(message === undefined ? {} : { message }),
    metadata,
    durationMs,
  })
  return {
    key: check.asset,
    check: check.name,
    status,
    severity: check.severity,
    blocking: check.blocking,
    ...(message === undefined ? {} : { message }),
    durationMs,
  }
}
