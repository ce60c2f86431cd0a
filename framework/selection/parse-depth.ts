import type { Depth } from '../graph/traversal.js'
import type { Parser, Prefix } from './parse.js'
import { tooManyPluses } from './parse-errors.js'
import { selectionError, splice } from './selection-error.js'
import type { Token } from './tokenize.js'

// Depth of "+" traversals. Terms with an attribute, a function or parentheses follow Dagster's
// grammar: "+" alone is every level, "N+"/"+N" is N levels. Bare keys follow Dagster's legacy
// rules: each "+" is one level, "*" is every level.

/** Levels upstream from the prefix (`2+`, `+`, `++`) of the term that starts at `term`. */
export function upDepth(parser: Parser, prefix: Prefix, bare: boolean, term: Token): Depth {
  const { digits, pluses } = prefix
  if (pluses.length === 0) return 0
  if (digits !== undefined && pluses.length > 1)
    throw tooManyPluses(parser, pluses, digits, 'before')
  if (digits !== undefined) return Number(digits.text)
  if (bare) return pluses.length
  if (pluses.length > 1) {
    const first = pluses[0] as Token
    throw selectionError({
      expression: parser.expression,
      at: first.at,
      length: pluses.length,
      problem: `"${'+'.repeat(pluses.length)}" before a term with an attribute`,
      fix: 'There, one "+" already means every level upstream; for fewer levels, put the number first.',
      corrected: splice(parser.expression, first.at, term.at - first.at, `${pluses.length}+`),
    })
  }
  return 'all'
}

/** Levels downstream from the suffix after a term (`+`, `+2`, `*`); consumes it. */
export function downDepth(parser: Parser, bare: boolean): Depth {
  const previous = parser.previous() as Token
  const token = parser.peek()
  if (token.type === 'star' && token.at === previous.at + previous.text.length) {
    if (!bare) {
      throw selectionError({
        expression: parser.expression,
        at: token.at,
        problem: '"*" after a term with an attribute, a function or parentheses',
        fix: 'There, "+" already means every level downstream ("x*" works only on bare keys).',
        corrected: splice(parser.expression, token.at, 1, '+'),
      })
    }
    parser.next()
    return 'all'
  }
  const pluses: Token[] = []
  while (parser.peek().type === 'plus') pluses.push(parser.next())
  if (pluses.length === 0) return 0
  const digits = parser.peek().type === 'digits' ? parser.next() : undefined
  if (digits !== undefined && pluses.length > 1)
    throw tooManyPluses(parser, pluses, digits, 'after')
  if (digits !== undefined) return Number(digits.text)
  if (bare) return pluses.length
  if (pluses.length > 1) {
    const first = pluses[0] as Token
    throw selectionError({
      expression: parser.expression,
      at: first.at,
      length: pluses.length,
      problem: `"${'+'.repeat(pluses.length)}" after a term with an attribute`,
      fix: 'There, one "+" already means every level downstream; for fewer levels, put the number after it.',
      corrected: splice(parser.expression, first.at, pluses.length, `+${pluses.length}`),
    })
  }
  return 'all'
}
