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
  return plusDepth(parser, pluses, digits, bare, 'before', (first) =>
    splice(parser.expression, first.at, term.at - first.at, `${pluses.length}+`),
  )
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
  const digits = pluses.length > 0 && parser.peek().type === 'digits' ? parser.next() : undefined
  return plusDepth(parser, pluses, digits, bare, 'after', (first) =>
    splice(parser.expression, first.at, pluses.length, `+${pluses.length}`),
  )
}

/** The depth `pluses` (and `digits`) give on one side of a term; the same rules both ways. */
function plusDepth(
  parser: Parser,
  pluses: readonly Token[],
  digits: Token | undefined,
  bare: boolean,
  side: 'before' | 'after',
  corrected: (first: Token) => string,
): Depth {
  if (pluses.length === 0) return 0
  if (digits !== undefined && pluses.length > 1) throw tooManyPluses(parser, pluses, digits, side)
  if (digits !== undefined) return Number(digits.text)
  if (bare) return pluses.length
  if (pluses.length > 1) {
    const first = pluses[0] as Token
    throw selectionError({
      expression: parser.expression,
      at: first.at,
      length: pluses.length,
      problem: `"${'+'.repeat(pluses.length)}" ${side} a term with an attribute`,
      fix:
        side === 'before'
          ? 'There, one "+" already means every level upstream; for fewer levels, put the number first.'
          : 'There, one "+" already means every level downstream; for fewer levels, put the number after it.',
      corrected: corrected(first),
    })
  }
  return 'all'
}
