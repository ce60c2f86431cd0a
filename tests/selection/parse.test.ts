import { describe, expect, it } from 'vitest'
import type { SelectionNode } from '../../framework/selection/ast.js'
import { parseSelection } from '../../framework/selection/parse.js'
import { SelectionError } from '../../framework/selection/selection-error.js'

// Key nodes also carry `column`/`length` (checked in their own test); the table leaves them out
// and compares with toMatchObject, which still checks every field the table gives.
const key = (value: string) => ({ type: 'key', value }) as const
const up = (operand: object, depth: number | 'all') => ({
  type: 'traverse',
  operand,
  up: depth,
  down: 0,
})
const down = (operand: object, depth: number | 'all') => ({
  type: 'traverse',
  operand,
  up: 0,
  down: depth,
})
const or = (left: object, right: object) => ({ type: 'or', left, right })
const and = (left: object, right: object) => ({ type: 'and', left, right })

describe('parseSelection', () => {
  it.each<[string, object]>([
    // Terms
    ['key:silver/user_dim', key('silver/user_dim')],
    ['silver/user_dim', key('silver/user_dim')],
    ['key:"silver/user_dim"', key('silver/user_dim')],
    ['key:bronze/*', key('bronze/*')],
    ['key:*_dim', key('*_dim')],
    ['key:"gold/*"', key('gold/*')],
    ['group:gold', { type: 'group', value: 'gold' }],
    ['owner:alice@example.com', { type: 'owner', value: 'alice@example.com' }],
    ['owner:"team:growth"', { type: 'owner', value: 'team:growth' }],
    ['kind:delta', { type: 'kind', value: 'delta' }],
    ['tag:pii', { type: 'tag', key: 'pii', value: undefined }],
    ['tag:pii=email', { type: 'tag', key: 'pii', value: 'email' }],
    ['tag:"pii"="email"', { type: 'tag', key: 'pii', value: 'email' }],
    ['*', { type: 'all' }],
    ['  *  ', { type: 'all' }],
    // Dagster's grammar: "+" alone is every level on attribute terms, functions and groups
    ['+key:a/x', up(key('a/x'), 'all')],
    ['1+key:a/x', up(key('a/x'), 1)],
    ['2+key:a/x', up(key('a/x'), 2)],
    ['key:a/x+', down(key('a/x'), 'all')],
    ['key:a/x+3', down(key('a/x'), 3)],
    ['+key:a/x+', { type: 'traverse', operand: key('a/x'), up: 'all', down: 'all' }],
    ['2+key:a/x+1', { type: 'traverse', operand: key('a/x'), up: 2, down: 1 }],
    ['+ key:a/x', up(key('a/x'), 'all')],
    ['(key:a/x or key:a/y)+', down(or(key('a/x'), key('a/y')), 'all')],
    ['+group:gold', up({ type: 'group', value: 'gold' }, 'all')],
    ['+roots(*)', up({ type: 'roots', operand: { type: 'all' } }, 'all')],
    ['key:a/x+0', key('a/x')],
    // Dagster's legacy rules on bare keys: one "+" is one level, "*" is every level
    ['+a/x', up(key('a/x'), 1)],
    ['++a/x', up(key('a/x'), 2)],
    ['2+a/x', up(key('a/x'), 2)],
    ['a/x+', down(key('a/x'), 1)],
    ['a/x++', down(key('a/x'), 2)],
    ['a/x+3', down(key('a/x'), 3)],
    ['+a/x+', { type: 'traverse', operand: key('a/x'), up: 1, down: 1 }],
    ['*a/x', up(key('a/x'), 'all')],
    ['a/x*', down(key('a/x'), 'all')],
    ['*a/x*', { type: 'traverse', operand: key('a/x'), up: 'all', down: 'all' }],
    ['*a/x+', { type: 'traverse', operand: key('a/x'), up: 'all', down: 1 }],
    // Functions
    ['roots(*)', { type: 'roots', operand: { type: 'all' } }],
    ['roots()', { type: 'roots', operand: { type: 'all' } }],
    ['sinks()', { type: 'sinks', operand: { type: 'all' } }],
    [
      'sinks(group:silver or group:gold)',
      {
        type: 'sinks',
        operand: or({ type: 'group', value: 'silver' }, { type: 'group', value: 'gold' }),
      },
    ],
    // Operators: not > and > or > comma, all left-associative
    ['not group:raw', { type: 'not', operand: { type: 'group', value: 'raw' } }],
    ['NOT group:raw', { type: 'not', operand: { type: 'group', value: 'raw' } }],
    ['a/x or a/y and a/z', or(key('a/x'), and(key('a/y'), key('a/z')))],
    ['a/x and a/y or a/z', or(and(key('a/x'), key('a/y')), key('a/z'))],
    ['(a/x or a/y) and a/z', and(or(key('a/x'), key('a/y')), key('a/z'))],
    ['not a/x and a/y', and({ type: 'not', operand: key('a/x') }, key('a/y'))],
    ['not not a/x', { type: 'not', operand: { type: 'not', operand: key('a/x') } }],
    ['a/x AND a/y OR a/z', or(and(key('a/x'), key('a/y')), key('a/z'))],
    ['a/x or a/y or a/z', or(or(key('a/x'), key('a/y')), key('a/z'))],
    ['a/x,a/y', or(key('a/x'), key('a/y'))],
    ['a/x and a/y, a/z', or(and(key('a/x'), key('a/y')), key('a/z'))],
    ['not +key:a/x', { type: 'not', operand: up(key('a/x'), 'all') }],
    ['key:a/x+ and +key:a/y', and(down(key('a/x'), 'all'), up(key('a/y'), 'all'))],
    [
      '* and not group:raw',
      and({ type: 'all' }, { type: 'not', operand: { type: 'group', value: 'raw' } }),
    ],
  ])('%s', (expression, expected) => {
    expect(parseSelection(expression)).toMatchObject(expected)
  })

  it('records where each key value sits, for unknown-key errors', () => {
    const node = parseSelection('+key:"a/x" or a/y') as Extract<SelectionNode, { type: 'or' }>
    expect(node.left).toMatchObject({ operand: { column: 6, length: 5 } })
    expect(node.right).toEqual({ type: 'key', value: 'a/y', column: 15, length: 3 })
  })

  it.each<[string, number]>([
    ['', 1],
    ['key:silver/x ++', 14],
    ['++key:a/x', 1],
    ['2++a/x', 3],
    ['a/x++2', 5],
    ['*key:a/x', 1],
    ['key:a/x+*', 9],
    ['+*', 2],
    ['2 key:a/x', 1],
    ['grop:gold', 1],
    ['silver:user_dim', 1],
    ['status:missing', 1],
    ['key:', 5],
    ['tag:pii=', 9],
    ['group:gol*', 10],
    ['root(*)', 1],
    ['roots', 1],
    ['(key:a/x', 1],
    ['key:a/x)', 8],
    ['()', 1],
    ['key:a/x and', 12],
    ['a/x,', 5],
    ['and a/x', 1],
    ['key:a/x key:a/y', 9],
    ['bronze/*', 1],
    ['"a/x"', 1],
    ['!key:a/x', 1],
    ['a/x && a/y', 5],
    ["key:'a/x'", 5],
    ['owner:team:growth', 11],
    ['key:"a/x', 5],
    ['key:a/x %', 9],
    ['group:x = y', 9],
  ])('rejects %j at column %i', (expression, column) => {
    let error: unknown
    try {
      parseSelection(expression)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SelectionError)
    expect(error).toMatchObject({ code: 'SELECTION_SYNTAX', column })
  })
})
