import { afterEach, beforeEach, expect, it } from 'vitest'
import { defineAsset } from '../../framework/definitions/define-asset.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { sql } from '../../framework/definitions/sql.js'
import { executeRun } from '../../framework/executor/execute-run.js'
import type { Instance } from '../../framework/instance/instance.js'
import { buildPlan } from '../../framework/planner/build-plan.js'
import { delay, nSchema, openTestInstance } from './harness.js'

let instance: Instance
let dispose: () => Promise<void>
beforeEach(async () => {
  ;({ instance, dispose } = await openTestInstance())
})
afterEach(async () => dispose())

// Steps that read one upstream at once, each releasing its ref when done, in an order unlike the
// order they took them: the first readers must not race to ATTACH a DuckDB file.
const storages = ['duckdb', 'delta']

it.each(storages as Array<'duckdb' | 'delta'>)(
  'runs parallel steps that read the same %s upstream',
  async (storage) => {
    const up = defineAsset({
      key: 's/up',
      schema: nSchema,
      storage,
      materialize: () => sql`select 1 as n`,
    })
    const reader = (i: number, ms: number) =>
      defineAsset({
        key: `s/r${i}`,
        schema: nSchema,
        storage,
        deps: { up },
        materialize: async ({ inputs, query }) => {
          await delay(ms)
          await query(sql`select * from ${inputs.up}`)
          return sql`select n from ${inputs.up}`
        },
      })
    const defs = defineDefinitions({
      assets: [up, reader(1, 10), reader(2, 200), reader(3, 50), reader(4, 300)],
    })
    const result = await executeRun(instance, defs, buildPlan(defs, new Set(defs.assets.keys())), {
      selection: '*',
      launchedBy: 'test',
    })
    expect(result.assets.map((a) => [a.key, a.outcome, a.error?.message ?? ''])).toEqual(
      result.assets.map((a) => [a.key, 'materialized', '']),
    )
  },
)
