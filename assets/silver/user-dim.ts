import * as z from 'zod'
import { defineAsset, eager, type SqlFragment, sql, type TableRef } from '../../framework/index.js'
import { bronzeConversions } from '../bronze/conversions.js'
import { bronzeUserSignups } from '../bronze/user-signups.js'
import { col } from '../columns.js'

/** One row per user: the most recently ingested signup, and the plan of their latest conversion. */
export const silverUserDim = defineAsset({
  key: 'silver/user_dim',
  automation: eager(),
  description:
    "One row per user_id. A duplicated signup keeps the most recently ingested record (then the later file and line). current_plan = the plan of the user's latest conversion by conversion_date, 'free' when none. Rebuilt whole each run.",
  deps: { signups: bronzeUserSignups, conversions: bronzeConversions },
  schema: z.object({
    user_id: col.varchar(),
    signup_date: col.date(),
    company_size: col.varchar(),
    industry: col.varchar(),
    current_plan: col.varchar(),
  }),
  materialize: ({ inputs }) => userDimSql(inputs.signups, inputs.conversions),
})

/** The user dimension from every bronze signup and conversion (see the asset's description). */
export function userDimSql(signups: TableRef, conversions: TableRef): SqlFragment {
  return sql`
    WITH users AS (
      SELECT user_id, signup_date, company_size, industry
      FROM ${signups}
      QUALIFY row_number() OVER (
        PARTITION BY user_id ORDER BY ingestion_timestamp DESC, _source_file DESC, _source_line DESC) = 1
    ),
    latest_plan AS (
      SELECT user_id, plan
      FROM ${conversions}
      QUALIFY row_number() OVER (
        PARTITION BY user_id
        ORDER BY conversion_date DESC, ingestion_timestamp DESC, _source_file DESC, _source_line DESC) = 1
    )
    SELECT u.user_id, u.signup_date, u.company_size, u.industry, coalesce(p.plan, 'free') AS current_plan
    FROM users u LEFT JOIN latest_plan p USING (user_id)
    ORDER BY u.user_id`
}
