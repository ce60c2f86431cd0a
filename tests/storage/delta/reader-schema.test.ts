import { describe, expect, it } from 'vitest'
import {
  deltaTypeToDuckDb,
  duckDbTypeToDelta,
  parseSchemaString,
} from '../../../framework/storage/delta/delta-schema.js'
import {
  deltaHistory,
  deltaRead,
  encodedRowToJson,
} from '../../../framework/storage/delta/inspect.js'
import { KIT } from './reader-helpers.js'

describe('deltaTypeToDuckDb / duckDbTypeToDelta', () => {
  it.each([
    ['string', 'VARCHAR'],
    ['long', 'BIGINT'],
    ['integer', 'INTEGER'],
    ['short', 'SMALLINT'],
    ['byte', 'TINYINT'],
    ['float', 'FLOAT'],
    ['double', 'DOUBLE'],
    ['boolean', 'BOOLEAN'],
    ['binary', 'BLOB'],
    ['date', 'DATE'],
    ['timestamp', 'TIMESTAMP WITH TIME ZONE'],
    ['timestamp_ntz', 'TIMESTAMP'],
    ['decimal(10,4)', 'DECIMAL(10,4)'],
  ])('maps %s to %s and back', (delta, duck) => {
    expect(deltaTypeToDuckDb(delta)).toBe(duck)
    expect(duckDbTypeToDelta(duck)).toBe(delta)
  })

  it('maps nested types both ways', () => {
    const type = duckDbTypeToDelta(
      'STRUCT("a b" INTEGER, c MAP(VARCHAR, TIMESTAMP WITH TIME ZONE)[])',
    )
    expect(type).toEqual({
      type: 'struct',
      fields: [
        { name: 'a b', type: 'integer', nullable: true, metadata: {} },
        {
          name: 'c',
          type: {
            type: 'array',
            elementType: {
              type: 'map',
              keyType: 'string',
              valueType: 'timestamp',
              valueContainsNull: true,
            },
            containsNull: true,
          },
          nullable: true,
          metadata: {},
        },
      ],
    })
    expect(deltaTypeToDuckDb(type)).toBe(
      'STRUCT("a b" INTEGER, "c" MAP(VARCHAR, TIMESTAMP WITH TIME ZONE)[])',
    )
  })

  it('accepts DuckDB aliases and widens types Delta lacks', () => {
    expect(duckDbTypeToDelta('TIMESTAMPTZ')).toBe('timestamp')
    expect(duckDbTypeToDelta('INTEGER[3]')).toEqual({
      type: 'array',
      elementType: 'integer',
      containsNull: true,
    })
    expect(duckDbTypeToDelta('UINTEGER')).toBe('long')
    expect(duckDbTypeToDelta("ENUM('a', 'b')")).toBe('string')
    expect(duckDbTypeToDelta('UUID')).toBe('string')
  })

  it('rejects DuckDB types with no Delta equivalent', () => {
    for (const t of ['HUGEINT', 'INTERVAL', 'TIME', 'UNION(a INTEGER)']) {
      expect(() => duckDbTypeToDelta(t), t).toThrow(
        expect.objectContaining({ code: 'SCHEMA_MISMATCH' }),
      )
    }
  })

  it('rejects a schemaString that is not a struct', () => {
    expect(() => parseSchemaString('{"type":"array"}')).toThrow(
      expect.objectContaining({ code: 'DELTA_CORRUPT' }),
    )
  })
})

describe('inspect', () => {
  it('lists history newest first with operations and file counts', async () => {
    const history = await deltaHistory(`${KIT}/simple_table`)
    expect(history.map((h) => h.version)).toEqual([4, 3, 2, 1, 0])
    expect(history.map((h) => h.operation)).toEqual(['DELETE', 'UPDATE', 'WRITE', 'MERGE', 'WRITE'])
    expect(history.at(-1)?.metadataChanged).toBe(true)
    expect(history[0]?.filesRemoved).toBeGreaterThan(0)
    for (let i = 1; i < history.length; i++) {
      expect(history[i - 1]?.timestampMs).toBeGreaterThan(history[i]?.timestampMs ?? 0)
    }
  })

  it('reads rows of a version in the kit encoding', async () => {
    const result = await deltaRead(`${KIT}/data-skipping-basic-stats-all-types`, { version: 0 })
    expect(result.rows.map(encodedRowToJson)).toEqual([
      '{"as_int":0,"as_long":0,"as_byte":0,"as_short":0,"as_float":0,"as_double":0,"as_string":"0","as_date":"2000-01-01","as_timestamp":"2000-01-01T08:00:00.000000Z","as_big_decimal":"0"}',
    ])
  })

  it('prints longs beyond 2^53 exactly', () => {
    expect(encodedRowToJson({ big: 9007199254740993n, s: '__bigint:1' })).toBe(
      '{"big":9007199254740993,"s":"__bigint:1"}',
    )
  })
})
