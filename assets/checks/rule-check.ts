import type * as z from 'zod'
import {
  type AssetDefinition,
  type AssetDeps,
  type AssetKey,
  type CheckDefinition,
  type CheckSeverity,
  defineCheck,
  fail,
  pass,
  type SqlFragment,
  sql,
  type TableRef,
} from '../../framework/index.js'

export interface RuleSpec {
  readonly name: string
  /** What the rule guards, and why its severity and blocking are what they are. */
  readonly description: string
  readonly severity: CheckSeverity
  readonly blocking: boolean
  /** What one violation is, for the message ("features with no current row"). */
  readonly what: string
  /** SQL returning one row per violation, with an `example` column describing it. */
  readonly violations: (
    table: TableRef,
    companion: (name: string) => Promise<TableRef | undefined>,
  ) => Promise<SqlFragment> | SqlFragment
}

/** A check that passes when `violations` returns no rows, and otherwise names the first few. */
export function ruleCheck<S extends z.ZodObject>(
  asset: AssetDefinition<AssetKey, S, AssetDeps>,
  rule: RuleSpec,
): CheckDefinition {
  return defineCheck({
    asset,
    name: rule.name,
    description: rule.description,
    severity: rule.severity,
    blocking: rule.blocking,
    evaluate: async ({ table, companion, queryOne }) => {
      const violations = await rule.violations(table, companion)
      const { n, examples } = await queryOne<{ n: number; examples: string[] }>(sql`
        SELECT count(*)::INTEGER AS n, coalesce(list(example::VARCHAR)[1:5], []) AS examples
        FROM (${violations})`)
      return n === 0
        ? pass()
        : fail(`${n} ${rule.what}, e.g. ${examples.join('; ')}`, { violations: n, examples })
    },
  })
}
