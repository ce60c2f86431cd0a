import type { Parser } from './parse.js'
import { selectionError, splice } from './selection-error.js'
import type { Token, TokenType } from './tokenize.js'

// Error builders for the parser's rules; each says what to write instead.

const TERM_START: ReadonlySet<TokenType> = new Set([
  'word',
  'quoted',
  'digits',
  'plus',
  'star',
  'lparen',
  'not',
])

/** A term was complete and `token` follows it without an operator. */
export function unexpectedAfterTerm(parser: Parser, token: Token): Error {
  if (token.type === 'rparen') {
    return selectionError({
      expression: parser.expression,
      at: token.at,
      problem: 'unexpected ")", with no "(" to close',
      fix: 'Remove it, or add the "(" it was meant to close.',
      corrected: splice(parser.expression, token.at, 1, '').trim(),
    })
  }
  if (TERM_START.has(token.type)) {
    return selectionError({
      expression: parser.expression,
      at: token.at,
      length: token.text.length,
      problem: `expected "and", "or" or "," before "${token.text}"`,
      fix: 'Two terms need an operator between them: "or" (or ",") for either, "and" for both.',
      corrected: splice(parser.expression, token.at, 0, 'or '),
    })
  }
  return selectionError({
    expression: parser.expression,
    at: token.at,
    length: token.text.length,
    problem: `unexpected "${token.text}"`,
    fix: 'Quote values that contain ":", "=" or spaces: key:"…".',
  })
}

/** A term was expected and `token` is not one. */
export function expectedTerm(parser: Parser, token: Token): Error {
  const previous = parser.previous()
  const after = previous === undefined ? '' : ` after "${previous.text}"`
  if (token.type === 'end') {
    return selectionError({
      expression: parser.expression,
      at: token.at,
      problem: `the expression ends too early: expected a term${after}`,
      fix: 'Finish it with a term such as key:silver/user_dim, or remove the trailing operator.',
    })
  }
  return selectionError({
    expression: parser.expression,
    at: token.at,
    length: token.text.length,
    problem: `expected a term${after}, found "${token.text}"`,
    fix: 'A term is key:…, group:…, tag:…, owner:…, kind:…, a bare key, roots(…), sinks(…), (…) or *.',
  })
}

export function emptyParentheses(parser: Parser, open: Token): Error {
  return selectionError({
    expression: parser.expression,
    at: open.at,
    length: 2,
    problem: 'empty parentheses',
    fix: 'Put a selection inside, e.g. (key:a/x or key:a/y).',
  })
}

export function tooManyPluses(
  parser: Parser,
  pluses: readonly Token[],
  digits: Token,
  side: 'before' | 'after',
): Error {
  const extra = pluses[1] as Token
  return selectionError({
    expression: parser.expression,
    at: extra.at,
    length: pluses.length - 1,
    problem: `a depth takes one "+", found ${pluses.length}`,
    fix: side === 'before' ? `Write ${digits.text}+x.` : `Write x+${digits.text}.`,
    corrected: splice(parser.expression, extra.at, pluses.length - 1, ''),
  })
}
