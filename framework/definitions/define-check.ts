import type * as z from 'zod'
import { DefinitionError } from '../errors.js'
import type { AssetKey } from './asset-key.js'
import type {
  AssetDefinition,
  AssetDeps,
  CheckContext,
  CheckDefinition,
  CheckResult,
  CheckSeverity,
  Metadata,
} from './types.js'

export interface CheckSpec<S extends z.ZodObject> {
  readonly asset: AssetDefinition<AssetKey, S, AssetDeps>
  readonly name: string
  /** Say what the check guards and why its severity and blocking are what they are. */
  readonly description?: string
  readonly severity?: CheckSeverity
  readonly blocking?: boolean
  readonly evaluate: (context: CheckContext<z.infer<S>>) => Promise<CheckResult> | CheckResult
}

const CHECK_NAME = /^[a-z][a-z0-9_]*$/

/**
 * Declares a check on an asset's table, run right after the asset is materialized.
 * @example
 * defineCheck({
 *   asset: userDim, name: 'user_id_unique', severity: 'error', blocking: true,
 *   evaluate: async ({ table, queryOne }) => {
 *     const { dupes } = await queryOne<{ dupes: number }>(
 *       sql`select (count(*) - count(distinct user_id))::int as dupes from ${table}`)
 *     return dupes === 0 ? pass() : fail(`${dupes} duplicated user_id values`, { dupes })
 *   },
 * })
 */
export function defineCheck<S extends z.ZodObject>(
  spec: CheckSpec<S>,
): CheckDefinition<z.infer<S>> {
  if (!CHECK_NAME.test(spec.name)) {
    throw new DefinitionError(
      'DEFINITION_INVALID',
      `defineCheck on "${spec.asset.key}": "${spec.name}" is not a valid check name. Use lower case letters, digits and "_" (e.g. "user_id_unique").`,
    )
  }
  return Object.freeze({
    type: 'check',
    asset: spec.asset.key,
    name: spec.name,
    description: spec.description ?? '',
    severity: spec.severity ?? 'error',
    blocking: spec.blocking ?? false,
    evaluate: spec.evaluate,
  })
}

/** A passing check result. */
export function pass(metadata: Metadata = {}): CheckResult {
  return { passed: true, metadata }
}

/** A failing check result with a message saying what is wrong. */
export function fail(message: string, metadata: Metadata = {}): CheckResult {
  return { passed: false, message, metadata }
}
