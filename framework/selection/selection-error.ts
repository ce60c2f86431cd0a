import { FrameworkError } from '../errors.js'

/** A selection that cannot be parsed, or names a key that does not exist. */
export class SelectionError extends FrameworkError {
  override readonly name = 'SelectionError'
  /** The expression as the user wrote it. */
  readonly expression: string
  /** 1-based column of the bad spot (one past the end when something is missing at the end). */
  readonly column: number

  constructor(
    code: 'SELECTION_SYNTAX' | 'SELECTION_UNKNOWN_KEY',
    expression: string,
    column: number,
    message: string,
    hint: string | undefined,
  ) {
    super(code, message, hint === undefined ? {} : { hint })
    this.expression = expression
    this.column = column
  }
}

export interface SelectionProblem {
  readonly code?: 'SELECTION_SYNTAX' | 'SELECTION_UNKNOWN_KEY'
  readonly expression: string
  /** 0-based index of the bad spot in `expression`. */
  readonly at: number
  /** Characters to underline; at least 1. */
  readonly length?: number
  /** What is wrong, without the column (added here). */
  readonly problem: string
  /** What to do. */
  readonly fix: string
  /** The expression with the fix applied, when there is an obvious one. */
  readonly corrected?: string
}

/**
 * Builds the error with the shape `selection: <what> at column N. <fix>`, followed by the
 * expression and a caret line under the bad spot:
 *
 *     selection: unexpected "+" at column 14. …
 *       key:silver/x ++
 *                    ^
 */
export function selectionError(p: SelectionProblem): SelectionError {
  const column = p.at + 1
  const tryThis = p.corrected === undefined ? '' : ` Try: ${p.corrected}`
  // Tabs and newlines would shift the caret; show them as spaces (same length, same columns).
  const shown = p.expression.replace(/\s/g, ' ')
  const caret = `${' '.repeat(p.at)}${'^'.repeat(Math.max(1, p.length ?? 1))}`
  // An empty expression has no spot to point at.
  const message =
    p.expression.trim() === ''
      ? `selection: ${p.problem}. ${p.fix}${tryThis}`
      : `selection: ${p.problem} at column ${column}. ${p.fix}${tryThis}\n  ${shown}\n  ${caret}`
  const hint = p.corrected === undefined ? p.fix : `Try: ${p.corrected}`
  return new SelectionError(p.code ?? 'SELECTION_SYNTAX', p.expression, column, message, hint)
}

/** `expression` with `length` characters at `at` replaced by `replacement`. */
export function splice(
  expression: string,
  at: number,
  length: number,
  replacement: string,
): string {
  return expression.slice(0, at) + replacement + expression.slice(at + length)
}
