import { describe, expectTypeOf, test } from 'vitest'
import * as z from 'zod'
import { assetRef, defineAsset } from '../../framework/definitions/define-asset.js'
import { defineCheck, pass } from '../../framework/definitions/define-check.js'
import { defineDefinitions } from '../../framework/definitions/define-definitions.js'
import { defineSource } from '../../framework/definitions/define-source.js'
import type { Definitions } from '../../framework/definitions/definitions.js'
import { sql, type TableRef } from '../../framework/definitions/sql.js'
import type { SourceRef } from '../../framework/definitions/types.js'

// Type tests (run by `tsc -p tsconfig.json` and `vitest --typecheck`): they lock in what
// defineAsset infers. Each `@ts-expect-error` fails the build if the line below it compiles.

const events = defineSource({ key: 'raw/events', path: 'raw/events.jsonl' })
const sessionRow = z.object({ user_id: z.string(), events: z.number() })
const sessions = defineAsset({
  key: 'silver/sessions',
  schema: sessionRow,
  deps: { events },
  materialize: ({ inputs }) => {
    expectTypeOf(inputs.events).toEqualTypeOf<SourceRef>()
    return sql`select 'u' as user_id, 1 as events`
  },
})
const count = z.object({ n: z.number() })

describe('defineAsset inference', () => {
  test('keeps the key as a literal type', () => {
    expectTypeOf(sessions.key).toEqualTypeOf<'silver/sessions'>()
  })

  test('an asset input is a TableRef of the upstream row type', () => {
    defineAsset({
      key: 'gold/daily',
      schema: count,
      deps: { sessions },
      materialize: ({ inputs }) => {
        expectTypeOf(inputs.sessions).toEqualTypeOf<TableRef<{ user_id: string; events: number }>>()
        return sql`select count(*)::int as n from ${inputs.sessions}`
      },
    })
  })

  test('a source input is a SourceRef (files and data version), not a table', () => {
    defineAsset({
      key: 'bronze/events',
      schema: count,
      deps: { raw: events },
      materialize: ({ inputs }) => {
        expectTypeOf(inputs.raw.files).toEqualTypeOf<readonly string[]>()
        // @ts-expect-error a SourceRef is not a relation: read its files instead
        return sql`select * from ${inputs.raw}`
      },
    })
  })

  test('an assetRef input carries the row type it was given', () => {
    defineAsset({
      key: 'gold/by_ref',
      schema: count,
      deps: { s: assetRef<{ user_id: string }>('silver/sessions') },
      materialize: ({ inputs }) => {
        expectTypeOf(inputs.s).toEqualTypeOf<TableRef<{ user_id: string }>>()
        return sql`select count(*)::int as n from ${inputs.s}`
      },
    })
  })

  test('a misspelled input is a compile error', () => {
    defineAsset({
      key: 'gold/x',
      schema: count,
      deps: { events: sessions },
      // @ts-expect-error `evnts` is not a declared dependency
      materialize: ({ inputs }) => sql`select count(*) as n from ${inputs.evnts}`,
    })
  })

  test('an asset without deps has no inputs', () => {
    defineAsset({
      key: 'bronze/none',
      schema: count,
      // @ts-expect-error no dependency was declared
      materialize: ({ inputs }) => sql`select * from ${inputs.anything}`,
    })
  })

  test('a key without a layer is a compile error', () => {
    // @ts-expect-error keys are `layer/name`
    defineAsset({ key: 'sessions', schema: count, materialize: () => sql`select 1 as n` })
  })

  test('sql accepts no raw strings', () => {
    const userInput: string = 'x'
    // @ts-expect-error strings would reach SQL unquoted; use sql.literal()
    sql`select ${userInput}`
  })

  test('defineDefinitions takes assets and checks of any row type', () => {
    const check = defineCheck({ asset: sessions, name: 'has_rows', evaluate: () => pass() })
    const gold = defineAsset({
      key: 'gold/y',
      schema: count,
      deps: { sessions },
      materialize: () => sql`select 1 as n`,
    })
    expectTypeOf(
      defineDefinitions({ assets: [sessions, gold], checks: [check] }),
    ).toEqualTypeOf<Definitions>()
  })
})
