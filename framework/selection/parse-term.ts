import { closestMatches } from '../definitions/did-you-mean.js'
import type { SelectionNode } from './ast.js'
import type { Parser } from './parse.js'
import { selectionError, splice } from './selection-error.js'
import type { Token } from './tokenize.js'

const ATTRIBUTES = ['key', 'group', 'tag', 'owner', 'kind'] as const
type Attribute = (typeof ATTRIBUTES)[number]
const FUNCTIONS = ['roots', 'sinks'] as const

// Attributes of Dagster's grammar that Medallion has nothing to match against (yet).
const DAGSTER_ONLY = new Set([
  'key_substring',
  'code_location',
  'status',
  'column',
  'table_name',
  'column_tag',
  'changed_in_branch',
  'is',
  'partitions',
  'automation_type',
  'sensor',
  'schedule',
  'job',
  'not_materialized_in_hours',
])

/** `attr:value` (the parser is on `attr`, followed by `:`), or `tag:k=v`. */
export function parseAttribute(parser: Parser): SelectionNode {
  const name = parser.next()
  const colon = parser.next()
  const attribute = checkAttribute(parser, name, colon)
  const value = readValue(parser, `${name.text}:`, attribute)
  if (attribute === 'key') {
    return { type: 'key', value: value.value, column: value.at + 1, length: value.text.length }
  }
  if (attribute === 'tag') {
    if (parser.peek().type !== 'equal') return { type: 'tag', key: value.value, value: undefined }
    const equal = parser.next()
    return { type: 'tag', key: value.value, value: readValue(parser, equal.text, 'tag').value }
  }
  return { type: attribute, value: value.value }
}

/** The function name (the parser is on it, followed by `(`); consumes the name only. */
export function parseFunctionName(parser: Parser): 'roots' | 'sinks' {
  const name = parser.next()
  const known = FUNCTIONS.find((f) => f === name.text)
  if (known !== undefined) return known
  const [guess] = closestMatches(name.text, FUNCTIONS)
  throw selectionError({
    expression: parser.expression,
    at: name.at,
    length: name.text.length,
    problem: `"${name.text}" is not a function`,
    fix: `The functions are roots(…) and sinks(…).${guess === undefined ? '' : ` Did you mean "${guess}"?`}`,
    ...(guess === undefined
      ? {}
      : { corrected: splice(parser.expression, name.at, name.text.length, guess) }),
  })
}

function checkAttribute(parser: Parser, name: Token, colon: Token): Attribute {
  const known = ATTRIBUTES.find((a) => a === name.text)
  if (known !== undefined) return known
  const { expression } = parser
  const base = { expression, at: name.at, length: name.text.length }
  if (DAGSTER_ONLY.has(name.text)) {
    throw selectionError({
      ...base,
      problem: `"${name.text}:" is Dagster syntax that Medallion does not support`,
      fix: 'Medallion selects by key:, group:, tag:, owner: and kind:.',
    })
  }
  const [guess] = closestMatches(name.text, ATTRIBUTES)
  if (guess !== undefined) {
    throw selectionError({
      ...base,
      problem: `"${name.text}" is not an attribute`,
      fix: `Did you mean "${guess}:"? The attributes are key, group, tag, owner and kind.`,
      corrected: splice(expression, name.at, name.text.length, guess),
    })
  }
  // `silver:user_dim`: a key typed with ":" for "/".
  const value = parser.peek()
  const asKey =
    value.type === 'value' && value.at === colon.at + 1 && colon.at === name.at + name.text.length
  throw selectionError({
    ...base,
    problem: `"${name.text}" is not an attribute`,
    fix: `The attributes are key, group, tag, owner and kind.${asKey ? ` If you meant a key, keys are written layer/name: key:${name.text}/${value.text}.` : ''}`,
    ...(asKey
      ? {
          corrected: splice(
            expression,
            name.at,
            value.at + value.text.length - name.at,
            `key:${name.text}/${value.text}`,
          ),
        }
      : {}),
  })
}

function readValue(parser: Parser, after: string, attribute: Attribute): Token {
  const { expression } = parser
  const value = parser.peek()
  if (value.type !== 'value' && value.type !== 'quoted') {
    const example = attribute === 'key' ? 'key:silver/user_dim' : `${attribute}:"…"`
    throw selectionError({
      expression,
      at: value.at,
      length: value.text.length,
      problem: `expected a value after "${after}"${value.type === 'end' ? '' : `, found "${value.text}"`}`,
      fix: `Write the value right after it, e.g. ${example}; quote values with other characters.`,
    })
  }
  parser.next()
  const star = value.value.indexOf('*')
  if (star !== -1 && attribute !== 'key') {
    throw selectionError({
      expression,
      at: value.at + star + (value.type === 'quoted' ? 1 : 0),
      problem: `a wildcard in a ${attribute} value`,
      fix: `Only key: values take wildcards; ${attribute}: matches exactly.`,
    })
  }
  // `owner:team:growth`: an unquoted value that goes on after a ":".
  const colon = parser.peek()
  const rest = parser.peek(1)
  if (
    colon.type === 'colon' &&
    colon.at === value.at + value.text.length &&
    rest.type === 'value'
  ) {
    const whole = expression.slice(value.at, rest.at + rest.text.length)
    throw selectionError({
      expression,
      at: colon.at,
      problem: `a second ":" in the value "${whole}"`,
      fix: 'Quote a value that contains ":".',
      corrected: splice(expression, value.at, whole.length, `"${whole}"`),
    })
  }
  return value
}
