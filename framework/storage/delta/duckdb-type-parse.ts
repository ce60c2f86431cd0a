import { DeltaError } from '../../errors.js'

/** A DuckDB type name, parsed just enough to map it to Delta. */
export type DuckTypeNode =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'enum' }
  | { readonly kind: 'list'; readonly element: DuckTypeNode }
  | { readonly kind: 'map'; readonly key: DuckTypeNode; readonly value: DuckTypeNode }
  | {
      readonly kind: 'struct'
      readonly fields: readonly { readonly name: string; readonly type: DuckTypeNode }[]
    }

const ALIASES: Readonly<Record<string, string>> = {
  TIMESTAMPTZ: 'TIMESTAMP WITH TIME ZONE',
  INT: 'INTEGER',
  INT4: 'INTEGER',
  SIGNED: 'INTEGER',
  INT8: 'BIGINT',
  LONG: 'BIGINT',
  INT2: 'SMALLINT',
  SHORT: 'SMALLINT',
  INT1: 'TINYINT',
  TEXT: 'VARCHAR',
  STRING: 'VARCHAR',
  CHAR: 'VARCHAR',
  BPCHAR: 'VARCHAR',
  REAL: 'FLOAT',
  FLOAT4: 'FLOAT',
  FLOAT8: 'DOUBLE',
  BOOL: 'BOOLEAN',
  LOGICAL: 'BOOLEAN',
  BYTEA: 'BLOB',
  BINARY: 'BLOB',
  VARBINARY: 'BLOB',
  DATETIME: 'TIMESTAMP',
  'TIMESTAMP WITHOUT TIME ZONE': 'TIMESTAMP',
  NUMERIC: 'DECIMAL',
}

/** Parses a DuckDB type as DuckDB prints it: `DECIMAL(10,2)`, `STRUCT(a INTEGER)[]`, `MAP(K, V)`. */
export function parseDuckDbType(text: string): DuckTypeNode {
  const parser = new TypeParser(text)
  const node = parser.type()
  parser.expectEnd()
  return node
}

class TypeParser {
  private pos = 0
  constructor(private readonly text: string) {}

  type(): DuckTypeNode {
    let node = this.base()
    // Postfix `[]` (list) and `[n]` (fixed-size array) both become a Delta array.
    while (this.peek() === '[') {
      this.pos++
      while (this.peek() !== ']' && this.pos < this.text.length) this.pos++
      this.expect(']')
      node = { kind: 'list', element: node }
    }
    return node
  }

  private base(): DuckTypeNode {
    const word = this.word().toUpperCase()
    if (word === 'STRUCT' || word === 'ROW') return this.struct()
    if (word === 'MAP') {
      this.expect('(')
      const key = this.type()
      this.expect(',')
      const value = this.type()
      this.expect(')')
      return { kind: 'map', key, value }
    }
    if (word === 'ENUM') {
      this.skipParens()
      return { kind: 'enum' }
    }
    let name = ALIASES[word] ?? word
    if (name === 'DECIMAL') {
      if (this.peek() !== '(') return { kind: 'decimal', precision: 18, scale: 3 }
      const [precision = 18, scale = 0] = this.skipParens()
        .split(',')
        .map((s) => Number(s.trim()))
      return { kind: 'decimal', precision, scale }
    }
    if (name === 'VARCHAR' && this.peek() === '(') this.skipParens()
    // Multi-word names: `TIMESTAMP WITH TIME ZONE`.
    const rest = this.text.slice(this.pos)
    for (const suffix of [' WITH TIME ZONE', ' WITHOUT TIME ZONE']) {
      if (rest.toUpperCase().startsWith(suffix)) {
        this.pos += suffix.length
        name = ALIASES[`${name}${suffix}`] ?? `${name}${suffix}`
      }
    }
    return { kind: 'name', name }
  }

  private struct(): DuckTypeNode {
    this.expect('(')
    const fields: { name: string; type: DuckTypeNode }[] = []
    while (this.peek() !== ')') {
      const name = this.peek() === '"' ? this.quoted() : this.word()
      fields.push({ name, type: this.type() })
      if (this.peek() === ',') this.pos++
    }
    this.expect(')')
    return { kind: 'struct', fields }
  }

  private quoted(): string {
    this.skipSpace()
    this.pos++ // opening quote
    let out = ''
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]
      if (ch === '"') {
        if (this.text[this.pos] !== '"') return out
        this.pos++
      }
      out += ch
    }
    throw this.error('unterminated quoted name')
  }

  private word(): string {
    this.skipSpace()
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))
    if (!match) throw this.error('expected a type name')
    this.pos += match[0].length
    return match[0]
  }

  /** Skips a balanced `( … )` and returns its inner text. */
  private skipParens(): string {
    this.expect('(')
    const start = this.pos
    let depth = 1
    while (depth > 0 && this.pos < this.text.length) {
      const ch = this.text[this.pos++]
      if (ch === '(') depth++
      else if (ch === ')') depth--
      else if (ch === "'") while (this.pos < this.text.length && this.text[this.pos++] !== "'");
    }
    return this.text.slice(start, this.pos - 1)
  }

  peek(): string | undefined {
    this.skipSpace()
    return this.text[this.pos]
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) throw this.error(`expected "${ch}"`)
    this.pos++
  }

  expectEnd(): void {
    if (this.peek() !== undefined) throw this.error('unexpected trailing text')
  }

  private skipSpace(): void {
    while (this.text[this.pos] === ' ') this.pos++
  }

  private error(what: string): DeltaError {
    return new DeltaError(
      'SCHEMA_MISMATCH',
      `delta schema: cannot parse DuckDB type "${this.text}": ${what} at column ${this.pos + 1}.`,
    )
  }
}
