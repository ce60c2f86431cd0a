import { selectionError, splice } from './selection-error.js'

export type TokenType =
  | 'word'
  | 'value'
  | 'quoted'
  | 'digits'
  | 'plus'
  | 'star'
  | 'colon'
  | 'equal'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'and'
  | 'or'
  | 'not'
  | 'end'

export interface Token {
  readonly type: TokenType
  /** The characters as written (quotes included). */
  readonly text: string
  /** The text without quotes, for `quoted`; the text otherwise. */
  readonly value: string
  /** 0-based index of the first character. */
  readonly at: number
}

const SINGLE: Readonly<Record<string, TokenType>> = {
  '+': 'plus',
  '*': 'star',
  ':': 'colon',
  '=': 'equal',
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
}
const KEYWORDS: Readonly<Record<string, TokenType>> = { and: 'and', or: 'or', not: 'not' }
// Keys are `layer/name`; `.`, `-` and `@` are accepted so that slips (`silver.user_dim`) and
// owners (`alice@example.com`) reach the parser, which can then say what is wrong with them.
const WORD_CHAR = /[A-Za-z0-9_/.@-]/
// After `key:` or `tag:k=`, `*` is a wildcard inside the value, not a traversal.
const VALUE_CHAR = /[A-Za-z0-9_/.@*-]/
// Operators people bring from other languages, and what to write instead.
const FOREIGN: Readonly<Record<string, { instead: string; why: string }>> = {
  '!': { instead: 'not ', why: 'write "not" to exclude assets' },
  '&': { instead: 'and', why: 'write "and" for assets in both' },
  '|': { instead: 'or', why: 'write "or" for assets in either' },
  "'": { instead: '"', why: 'quote values with double quotes' },
}

/** Splits a selection expression into tokens; the last token is always `end`. */
export function tokenize(expression: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < expression.length) {
    const c = expression[i] as string
    if (/\s/.test(c)) {
      i++
      continue
    }
    const previous = tokens[tokens.length - 1]?.type
    const valueContext = previous === 'colon' || previous === 'equal'
    if (valueContext && VALUE_CHAR.test(c)) {
      const text = readRun(expression, i, VALUE_CHAR)
      tokens.push({ type: 'value', text, value: text, at: i })
      i += text.length
    } else if (WORD_CHAR.test(c)) {
      const text = readRun(expression, i, WORD_CHAR)
      const type = /^[0-9]+$/.test(text) ? 'digits' : (KEYWORDS[text.toLowerCase()] ?? 'word')
      tokens.push({ type, text, value: text, at: i })
      i += text.length
    } else if (c === '"') {
      const text = readQuoted(expression, i)
      tokens.push({ type: 'quoted', text, value: text.slice(1, -1), at: i })
      i += text.length
    } else if (SINGLE[c] !== undefined) {
      tokens.push({ type: SINGLE[c], text: c, value: c, at: i })
      i++
    } else {
      throw unexpectedCharacter(expression, i)
    }
  }
  tokens.push({ type: 'end', text: '', value: '', at: expression.length })
  return tokens
}

function readRun(expression: string, start: number, chars: RegExp): string {
  let end = start
  while (end < expression.length && chars.test(expression[end] as string)) end++
  return expression.slice(start, end)
}

function readQuoted(expression: string, start: number): string {
  let end = start + 1
  while (end < expression.length && !/["\\\r\n]/.test(expression[end] as string)) end++
  if (expression[end] === '"') return expression.slice(start, end + 1)
  throw selectionError({
    expression,
    at: start,
    problem: 'the quote opened here is never closed',
    fix: 'Close it with " (a quoted value cannot hold \\, " or a line break).',
    corrected: splice(expression, end, 0, '"'),
  })
}

function unexpectedCharacter(expression: string, at: number): Error {
  const c = expression[at] as string
  const foreign = FOREIGN[c]
  if (foreign !== undefined) {
    const doubled = expression[at + 1] === c && c !== "'" ? 2 : 1
    const replacement =
      c === "'" ? `"${expression.slice(at + 1).split("'")[0] ?? ''}"` : foreign.instead
    const replaced = c === "'" ? (expression.slice(at + 1).split("'")[0]?.length ?? 0) + 2 : doubled
    return selectionError({
      expression,
      at,
      length: doubled,
      problem: `"${expression.slice(at, at + doubled)}" is not part of the selection syntax`,
      fix: `Here, ${foreign.why}.`,
      corrected: splice(expression, at, replaced, replacement).replace(/\s+/g, ' ').trim(),
    })
  }
  return selectionError({
    expression,
    at,
    problem: `unexpected "${c}"`,
    fix: 'Keys are "layer/name" (letters, digits, "_"); quote any other value: key:"…".',
  })
}
