import type { SelectionNode } from './ast.js'
import { downDepth, upDepth } from './parse-depth.js'
import { emptyParentheses, expectedTerm, unexpectedAfterTerm } from './parse-errors.js'
import { parseAttribute, parseFunctionName } from './parse-term.js'
import { selectionError, splice } from './selection-error.js'
import { type Token, tokenize } from './tokenize.js'

// Dagster's grammar (AssetSelection.g4), lowest precedence first, plus two extensions:
//   list      := or ("," or)*                       comma = or; Dagster's CLI splits on commas
//   or        := and ("or" and)*
//   and       := unary ("and" unary)*
//   unary     := "not" unary | traversal
//   traversal := "*" | DIGITS? "+" term "+" DIGITS?  (both optional; "+" without DIGITS = every level)
//   term      := attr ":" value | ("roots"|"sinks") "(" list? ")" | "(" list ")" | bareKey
// Bare keys keep Dagster's legacy rules (`+x` = one level, `++x` = two, `*x` / `x*` = every level),
// because Dagster parses them with its legacy parser when the new grammar rejects them.

/** Parses a selection expression into its AST; throws SELECTION_SYNTAX pointing at the column. */
export function parseSelection(expression: string): SelectionNode {
  const parser = new Parser(expression, tokenize(expression))
  return parser.parse()
}

export interface Prefix {
  readonly digits: Token | undefined
  readonly pluses: readonly Token[]
}

/** Recursive descent over the tokens; one method per grammar rule above. */
export class Parser {
  private index = 0

  constructor(
    readonly expression: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): SelectionNode {
    if (this.peek().type === 'end') {
      throw selectionError({
        expression: this.expression,
        at: 0,
        problem: 'the expression is empty',
        fix: 'Write a term such as key:silver/user_dim or group:gold, or * for every asset.',
      })
    }
    const node = this.parseList()
    if (this.peek().type !== 'end') throw unexpectedAfterTerm(this, this.peek())
    return node
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token
  }

  next(): Token {
    const token = this.peek()
    if (token.type !== 'end') this.index++
    return token
  }

  /** The token consumed last, if any. */
  previous(): Token | undefined {
    return this.tokens[this.index - 1]
  }

  parseList(): SelectionNode {
    let left = this.parseOr()
    while (this.peek().type === 'comma') {
      this.next()
      left = { type: 'or', left, right: this.parseOr() }
    }
    return left
  }

  private parseOr(): SelectionNode {
    let left = this.parseAnd()
    while (this.peek().type === 'or') {
      this.next()
      left = { type: 'or', left, right: this.parseAnd() }
    }
    return left
  }

  private parseAnd(): SelectionNode {
    let left = this.parseUnary()
    while (this.peek().type === 'and') {
      this.next()
      left = { type: 'and', left, right: this.parseUnary() }
    }
    return left
  }

  private parseUnary(): SelectionNode {
    if (this.peek().type !== 'not') return this.parseTraversal()
    this.next()
    return { type: 'not', operand: this.parseUnary() }
  }

  private parseTraversal(): SelectionNode {
    const first = this.peek()
    if (first.type === 'star') return this.parseStar(first)
    const prefix = this.parsePrefix()
    const start = this.peek()
    const { node, bare } = this.parseTerm(prefix)
    const up = upDepth(this, prefix, bare, start)
    const down = downDepth(this, bare)
    return up === 0 && down === 0 ? node : { type: 'traverse', operand: node, up, down }
  }

  // `*` alone selects everything; `*x` before a bare key is legacy "x and everything upstream".
  private parseStar(star: Token): SelectionNode {
    this.next()
    const after = this.peek()
    const afterNext = this.peek(1).type
    if (after.type === 'word' && afterNext !== 'colon' && afterNext !== 'lparen') {
      const { node } = this.parseTerm({ digits: undefined, pluses: [] })
      return { type: 'traverse', operand: node, up: 'all', down: downDepth(this, true) }
    }
    if (after.type === 'word' || after.type === 'lparen') {
      throw selectionError({
        expression: this.expression,
        at: star.at,
        problem: '"*" before a term with an attribute, a function or parentheses',
        fix: 'There, "+" already means every level upstream ("*x" works only on bare keys).',
        corrected: splice(this.expression, star.at, 1, '+'),
      })
    }
    return { type: 'all' }
  }

  private parsePrefix(): Prefix {
    let digits: Token | undefined
    if (this.peek().type === 'digits') {
      digits = this.next()
      if (this.peek().type !== 'plus') {
        throw selectionError({
          expression: this.expression,
          at: digits.at,
          length: digits.text.length,
          problem: `"${digits.text}" is not a term`,
          fix: 'A number is a depth and goes with "+": N+x for N levels upstream, x+N for N levels downstream.',
          corrected: splice(this.expression, digits.at + digits.text.length, 0, '+'),
        })
      }
    }
    const pluses: Token[] = []
    while (this.peek().type === 'plus') pluses.push(this.next())
    return { digits, pluses }
  }

  private parseTerm(prefix: Prefix): { node: SelectionNode; bare: boolean } {
    const token = this.peek()
    if (token.type === 'lparen') {
      this.next()
      if (this.peek().type === 'rparen') throw emptyParentheses(this, token)
      const node = this.parseList()
      this.expectClose(token)
      return { node, bare: false }
    }
    if (token.type === 'word') {
      const after = this.peek(1).type
      if (after === 'colon') return { node: parseAttribute(this), bare: false }
      if (after === 'lparen') return { node: this.parseFunction(), bare: false }
      return { node: this.parseBareKey(), bare: true }
    }
    if (token.type === 'quoted') {
      throw selectionError({
        expression: this.expression,
        at: token.at,
        length: token.text.length,
        problem: 'a quoted value needs an attribute',
        fix: 'Say what the value is: key:"…", group:"…", tag:"…", owner:"…" or kind:"…".',
        corrected: splice(this.expression, token.at, 0, 'key:'),
      })
    }
    if (token.type === 'star' && prefix.pluses.length > 0) {
      throw selectionError({
        expression: this.expression,
        at: token.at,
        problem: '"+" before "*"',
        fix: '"*" already selects every asset; there is nothing more upstream.',
        corrected: splice(
          this.expression,
          prefix.pluses[0]?.at ?? 0,
          token.at - (prefix.pluses[0]?.at ?? 0),
          '',
        ),
      })
    }
    throw expectedTerm(this, token)
  }

  private parseFunction(): SelectionNode {
    const name = parseFunctionName(this)
    const open = this.next()
    // `roots()` and `sinks()` with nothing inside mean "of every asset" (a Medallion extension).
    const operand: SelectionNode =
      this.peek().type === 'rparen' ? { type: 'all' } : this.parseList()
    this.expectClose(open)
    return { type: name, operand }
  }

  private parseBareKey(): SelectionNode {
    const word = this.next()
    const after = this.peek()
    if (/^(roots|sinks)$/i.test(word.text)) {
      throw selectionError({
        expression: this.expression,
        at: word.at,
        length: word.text.length,
        problem: `"${word.text}" is a function and needs parentheses`,
        fix: `Write ${word.text.toLowerCase()}(…) around a selection, or ${word.text.toLowerCase()}() for the whole graph.`,
        corrected: splice(
          this.expression,
          word.at,
          word.text.length,
          `${word.text.toLowerCase()}()`,
        ),
      })
    }
    if (
      after.type === 'star' &&
      after.at === word.at + word.text.length &&
      word.text.endsWith('/')
    ) {
      throw selectionError({
        expression: this.expression,
        at: word.at,
        length: word.text.length + 1,
        problem: `"${word.text}*" looks like a key pattern`,
        fix: 'Bare keys take no wildcards ("x*" means x and everything downstream); match keys with key:.',
        corrected: splice(this.expression, word.at, 0, 'key:'),
      })
    }
    return { type: 'key', value: word.text, column: word.at + 1, length: word.text.length }
  }

  expectClose(open: Token): void {
    const token = this.peek()
    if (token.type === 'rparen') {
      this.next()
      return
    }
    if (token.type !== 'end') throw unexpectedAfterTerm(this, token)
    throw selectionError({
      expression: this.expression,
      at: open.at,
      problem: 'the "(" here is never closed',
      fix: 'Add ")" where the group ends.',
      corrected: `${this.expression.trimEnd()})`,
    })
  }
}
