import { describe, expect, it } from 'vitest'
import { EventDecoder } from '../../framework/instance/event-codec.js'
import { materialized } from './event-fixtures.js'

describe('EventDecoder', () => {
  it('parses a body once and hands out the same frozen event afterwards', () => {
    const decoder = new EventDecoder()
    const event = materialized('r1', 'silver/a', 'v1')
    const first = decoder.decode(7, JSON.stringify(event))
    expect(first).toEqual(event)
    expect(decoder.decode(7, 'not read again')).toBe(first)
    // Shared between callers, so a caller that edits one must fail loudly instead of changing the others'.
    expect(() => {
      ;(first as { key: string }).key = 'gold/x'
    }).toThrow(TypeError)
    if (first.type !== 'asset_materialized') throw new Error('wrong type')
    expect(Object.isFrozen(first.columns[0])).toBe(true)
  })

  it('rejects a body that is not JSON, or not an event, with INSTANCE_STORE_INVALID', () => {
    const decoder = new EventDecoder()
    expect(() => decoder.decode(1, '{oops')).toThrow(
      expect.objectContaining({ code: 'INSTANCE_STORE_INVALID' }),
    )
    expect(() => decoder.decode(2, JSON.stringify({ type: 'nope' }))).toThrow(
      expect.objectContaining({ code: 'INSTANCE_STORE_INVALID' }),
    )
  })

  it('decodeOf() rejects an event of another type than the index promised', () => {
    const body = JSON.stringify(materialized('r1', 'silver/a', 'v1'))
    expect(() => new EventDecoder().decodeOf('check_evaluated', 3, body)).toThrow(
      expect.objectContaining({ code: 'INSTANCE_STORE_INVALID' }),
    )
  })
})
