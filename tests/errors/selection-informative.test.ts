import { describe, expect, it } from 'vitest'
import { selectAssets } from '../../framework/selection/select-assets.js'
import { SelectionError } from '../../framework/selection/selection-error.js'
import { fixtureDefinitions } from '../helpers/fixture-graph.js'

// These tests keep selection errors helpful: the column, the caret under the bad spot, and the
// corrected expression. They do not pin whole messages.

const defs = fixtureDefinitions()

function errorOf(expression: string): SelectionError {
  try {
    selectAssets(defs, expression)
  } catch (error) {
    if (error instanceof SelectionError) return error
    throw error
  }
  throw new Error(`expected "${expression}" to fail`)
}

/** The line under the expression in the message: spaces then carets. */
function caretLine(error: SelectionError): string {
  return error.message.split('\n')[2] ?? ''
}

describe('selection errors point at the spot and suggest a fix', () => {
  it.each<[string, number, string, string]>([
    // expression, column, what the caret underlines, corrected expression
    ['key:silver/x ++', 14, '++', 'key:silver/x +2'],
    ['++key:gold/feature_conversion_lift', 1, '++', '2+key:gold/feature_conversion_lift'],
    ['grop:gold', 1, 'grop', 'group:gold'],
    ['silver:user_dim', 1, 'silver', 'key:silver/user_dim'],
    ['root(group:gold)', 1, 'root', 'roots(group:gold)'],
    [
      'key:silver/user_dim key:gold/feature_conversion_lift',
      21,
      'key',
      'key:silver/user_dim or key:gold/feature_conversion_lift',
    ],
    ['(group:silver or group:gold', 1, '(', '(group:silver or group:gold)'],
    ['group:gold)', 11, ')', 'group:gold'],
    ['*key:silver/user_dim', 1, '*', '+key:silver/user_dim'],
    ['bronze/*', 1, 'bronze/*', 'key:bronze/*'],
    ['!group:raw', 1, '!', 'not group:raw'],
    ['group:silver && group:gold', 14, '&&', 'group:silver and group:gold'],
    ['owner:team:growth', 11, ':', 'owner:"team:growth"'],
    ['key:"silver/user_dim', 5, '"', 'key:"silver/user_dim"'],
  ])('%s → column %i', (expression, column, underlined, corrected) => {
    const error = errorOf(expression)
    expect(error.code).toBe('SELECTION_SYNTAX')
    expect(error.column).toBe(column)
    expect(error.message).toContain(`at column ${column}`)
    expect(error.message.split('\n')[1]).toBe(`  ${expression}`)
    expect(caretLine(error)).toBe(`  ${' '.repeat(column - 1)}${'^'.repeat(underlined.length)}`)
    expect(expression.slice(column - 1, column - 1 + underlined.length)).toBe(underlined)
    expect(error.hint).toBe(`Try: ${corrected}`)
  })

  it.each<[string, number, string]>([
    ['key:silver/userdim', 5, 'key:silver/user_dim'],
    ['+key:"gold/feature_conversion_lifts"', 6, '+key:"gold/feature_conversion_lift"'],
    ['silver.user_dim+', 1, 'silver/user_dim+'],
    ['group:gold or user_dim', 15, 'group:gold or silver/user_dim'],
    ['roots(key:sliver/user_dim)', 11, 'roots(key:silver/user_dim)'],
  ])('an unknown key %s suggests the nearest key at column %i', (expression, column, corrected) => {
    const error = errorOf(expression)
    expect(error.code).toBe('SELECTION_UNKNOWN_KEY')
    expect(error.column).toBe(column)
    expect(error.message).toContain('Did you mean')
    expect(error.hint).toBe(`Try: ${corrected}`)
  })

  it('says which attributes exist when a name is not close to any', () => {
    const error = errorOf('color:red')
    expect(error.message).toContain('key, group, tag, owner and kind')
  })

  it('explains Dagster attributes that Medallion does not support', () => {
    expect(errorOf('code_location:prod').message).toContain('does not support')
  })

  it('wildcards outside key: point at the "*"', () => {
    const error = errorOf('group:gol*')
    expect(error.column).toBe(10)
    expect(error.message).toContain('Only key: values take wildcards')
  })

  it('an empty expression says what to write', () => {
    const error = errorOf('   ')
    expect(error.code).toBe('SELECTION_SYNTAX')
    expect(error.message).toContain('key:silver/user_dim')
  })
})
