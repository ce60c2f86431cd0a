import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sql } from '../../../framework/definitions/sql.js'
import {
  addsOf,
  commitInfoOf,
  removesOf,
  type WriterHarness,
  writerHarness,
} from './writer-helpers.js'

describe('DeltaTable.merge', () => {
  let h: WriterHarness
  beforeEach(async () => {
    h = await writerHarness()
  })
  afterEach(() => h.close())

  it('applies the first matching clause (conditional delete, update) and inserts unmatched rows, in one commit', async () => {
    await h.table.append(
      h.connection,
      sql`SELECT * FROM (VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)) t(id, name, qty)`,
    )
    const result = await h.table.merge(h.connection, {
      source: sql`SELECT * FROM (VALUES (1, 'A', 0), (2, 'B', 5), (4, 'd', 40)) s(id, name, qty)`,
      on: sql`target.id = source.id`,
      whenMatched: [
        { action: 'delete', condition: sql`source.qty = 0` },
        { action: 'update', set: { name: sql`source.name`, qty: sql`target.qty + source.qty` } },
      ],
      whenNotMatched: [{ action: 'insert', condition: sql`source.qty > 0` }],
    })
    expect(result).toMatchObject({ version: 1, changed: true })
    expect(commitInfoOf(h.log(1))).toMatchObject({
      operation: 'MERGE',
      operationMetrics: {
        numTargetRowsUpdated: '1',
        numTargetRowsDeleted: '1',
        numTargetRowsInserted: '1',
        numTargetRowsCopied: '1',
      },
    })
    expect(await h.rows('id')).toEqual([
      { id: 2, name: 'B', qty: 25 },
      { id: 3, name: 'c', qty: 30 },
      { id: 4, name: 'd', qty: 40 },
    ])
  })

  it('rewrites only the files holding rows a clause applies to', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id, 'a' AS name`)
    await h.table.append(h.connection, sql`SELECT 2 AS id, 'b' AS name`)
    await h.table.merge(h.connection, {
      source: sql`SELECT 2 AS id, 'B' AS name`,
      on: sql`target.id = source.id`,
      whenMatched: [{ action: 'update', set: { name: sql`source.name` } }],
    })
    expect(removesOf(h.log(2)).map((r) => r.path)).toEqual(addsOf(h.log(1)).map((a) => a.path))
    expect(await h.rows('id')).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'B' },
    ])
  })

  it('inserts with explicit values, and commits nothing when no clause applies', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id, 'a' AS name`)
    await h.table.merge(h.connection, {
      source: sql`SELECT 7 AS key`,
      on: sql`target.id = source.key`,
      whenNotMatched: [{ action: 'insert', values: { id: sql`source.key`, name: sql`'seven'` } }],
    })
    expect(await h.rows('id')).toEqual([
      { id: 1, name: 'a' },
      { id: 7, name: 'seven' },
    ])
    const noop = await h.table.merge(h.connection, {
      source: sql`SELECT 1 AS id, 'a' AS name`,
      on: sql`target.id = source.id`,
      whenMatched: [
        {
          action: 'update',
          condition: sql`target.name <> source.name`,
          set: { name: sql`source.name` },
        },
      ],
      whenNotMatched: [{ action: 'insert' }],
    })
    expect(noop).toMatchObject({ changed: false, version: 1 })
  })

  it('refuses a merge where two source rows modify the same target row', async () => {
    await h.table.append(h.connection, sql`SELECT 1 AS id, 'a' AS name`)
    await expect(
      h.table.merge(h.connection, {
        source: sql`SELECT * FROM (VALUES (1, 'x'), (1, 'y')) s(id, name)`,
        on: sql`target.id = source.id`,
        whenMatched: [{ action: 'update', set: { name: sql`source.name` } }],
      }),
    ).rejects.toMatchObject({ code: 'IO_WRITE_FAILED' })
    expect(await h.table.version()).toBe(0)
  })

  it('runs the SCD Type 2 staged-updates pattern: closes the current row and inserts the new version', async () => {
    await h.table.append(
      h.connection,
      sql`SELECT * FROM (VALUES
        (1, 'Paris', DATE '2024-01-01', NULL::DATE, true),
        (2, 'Oslo', DATE '2024-01-01', NULL::DATE, true)) t(customer_id, city, valid_from, valid_to, is_current)`,
    )
    const updates = sql`SELECT * FROM (VALUES (1, 'Lyon', DATE '2024-03-01'), (3, 'Rome', DATE '2024-03-01')) u(customer_id, city, effective)`
    // Changed customers appear twice: once keyed (to close the current row), once with a NULL key (to insert the new row).
    const staged = sql`
      SELECT u.customer_id AS merge_key, u.* FROM (${updates}) u
      UNION ALL
      SELECT NULL AS merge_key, u.* FROM (${updates}) u
      JOIN (SELECT * FROM (VALUES (1, 'Paris'), (2, 'Oslo')) c(customer_id, city)) cur
        ON cur.customer_id = u.customer_id AND cur.city <> u.city`
    await h.table.merge(h.connection, {
      source: staged,
      on: sql`target.customer_id = source.merge_key AND target.is_current`,
      whenMatched: [
        {
          action: 'update',
          condition: sql`target.city <> source.city`,
          set: { valid_to: sql`source.effective`, is_current: sql`false` },
        },
      ],
      whenNotMatched: [
        {
          action: 'insert',
          values: {
            customer_id: sql`source.customer_id`,
            city: sql`source.city`,
            valid_from: sql`source.effective`,
            valid_to: sql`NULL`,
            is_current: sql`true`,
          },
        },
      ],
    })
    expect(await h.rows('customer_id, valid_from')).toEqual([
      {
        customer_id: 1,
        city: 'Paris',
        valid_from: '2024-01-01',
        valid_to: '2024-03-01',
        is_current: false,
      },
      { customer_id: 1, city: 'Lyon', valid_from: '2024-03-01', valid_to: null, is_current: true },
      { customer_id: 2, city: 'Oslo', valid_from: '2024-01-01', valid_to: null, is_current: true },
      { customer_id: 3, city: 'Rome', valid_from: '2024-03-01', valid_to: null, is_current: true },
    ])
    expect(await h.table.version()).toBe(1)
  })
})
