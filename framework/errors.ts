/**
 * Every error Medallion raises on purpose. Tests match on `code`, never on message text;
 * the message says where, what is wrong and what to do, and `hint` carries the fix when there is one.
 */
export type ErrorCode =
  | 'ASSET_KEY_INVALID'
  | 'ASSET_KEY_DUPLICATE'
  | 'ASSET_DEP_UNKNOWN'
  | 'CHECK_ASSET_UNKNOWN'
  | 'CHECK_DUPLICATE'
  | 'DEFINITION_INVALID'
  | 'DEFINITIONS_LOAD_FAILED'
  | 'GRAPH_CYCLE'
  | 'SELECTION_SYNTAX'
  | 'SELECTION_UNKNOWN_KEY'
  | 'ASSET_NOT_FOUND'
  | 'USER_CODE_FAILED'
  | 'NOT_MATERIALIZED'
  | 'IO_WRITE_FAILED'
  | 'IO_READ_FAILED'
  | 'SCHEMA_MISMATCH'
  | 'SOURCE_MISSING'
  | 'ASSET_LOCKED'
  | 'RUN_NOT_FOUND'
  | 'RUN_EXISTS'
  | 'RUN_STATUS_INVALID'
  | 'INSTANCE_STORE_INVALID'
  | 'INSTANCE_STORE_UNAVAILABLE'
  | 'CONFIG_INVALID'
  | 'RUN_CANCELED'
  | 'QUEUE_UNAVAILABLE'
  | 'WORKER_LOST'
  | 'WORKER_CODE_MISMATCH'
  | 'DELTA_PROTOCOL'
  | 'DELTA_UNSUPPORTED_FEATURE'
  | 'DELTA_LOG_CONFLICT'
  | 'DELTA_TABLE_NOT_FOUND'
  | 'DELTA_CORRUPT'
  | 'USAGE'

export interface FrameworkErrorOptions {
  cause?: unknown
  hint?: string
}

/** Root of Medallion's errors. Do not subclass outside `framework/`. */
export class FrameworkError extends Error {
  override readonly name: string = 'FrameworkError'
  readonly code: ErrorCode
  readonly hint: string | undefined

  constructor(code: ErrorCode, message: string, options: FrameworkErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.hint = options.hint
  }
}

/** The rules for a definition (asset, source, check, definitions set) were broken by the user. */
export class DefinitionError extends FrameworkError {
  override readonly name = 'DefinitionError'
}

/** Something user code threw (a materialize function, a check), wrapped so it can be reported. */
export class UserCodeError extends FrameworkError {
  override readonly name = 'UserCodeError'
}

/** A Delta Lake table could not be read or written as the protocol requires. */
export class DeltaError extends FrameworkError {
  override readonly name = 'DeltaError'
}

export function isFrameworkError(error: unknown): error is FrameworkError {
  return error instanceof FrameworkError
}

/** Exhaustiveness guard for `switch` over a union told apart by a literal tag. */
export function assertUnreachable(value: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(value)}`)
}

/** The message of any thrown value, for logs and events. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
