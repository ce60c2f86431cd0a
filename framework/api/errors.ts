import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type ErrorCode, FrameworkError, isFrameworkError } from '../errors.js'
import { SelectionError } from '../selection/selection-error.js'
import type { ApiErrorBody } from './schemas.js'

/** Codes the HTTP layer adds to the framework's own, for problems with the request itself. */
export type HttpErrorCode = 'BAD_REQUEST' | 'NOT_FOUND' | 'UNAUTHORIZED' | 'INTERNAL'

/**
 * The one place FrameworkError codes become HTTP statuses. A Record (not a switch with a
 * default) so that a new ErrorCode does not compile until someone decides its status here.
 */
const STATUS: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  ASSET_KEY_INVALID: 400,
  SELECTION_SYNTAX: 400,
  SELECTION_UNKNOWN_KEY: 400,
  USAGE: 400,
  ASSET_NOT_FOUND: 404,
  RUN_NOT_FOUND: 404,
  NOT_MATERIALIZED: 404,
  DELTA_TABLE_NOT_FOUND: 404,
  ASSET_LOCKED: 409,
  RUN_EXISTS: 409,
  RUN_STATUS_INVALID: 409,
  RUN_CANCELED: 409,
  DELTA_LOG_CONFLICT: 409,
  USER_CODE_FAILED: 422,
  SCHEMA_MISMATCH: 422,
  SOURCE_MISSING: 422,
  DELTA_UNSUPPORTED_FEATURE: 422,
  // Problems of the definitions or the data directory, not of the request: the message is ours and
  // says what to fix, so it is returned, but the status says the server is at fault.
  ASSET_KEY_DUPLICATE: 500,
  ASSET_DEP_UNKNOWN: 500,
  CHECK_ASSET_UNKNOWN: 500,
  CHECK_DUPLICATE: 500,
  DEFINITION_INVALID: 500,
  DEFINITIONS_LOAD_FAILED: 500,
  GRAPH_CYCLE: 500,
  IO_WRITE_FAILED: 500,
  IO_READ_FAILED: 500,
  INSTANCE_STORE_INVALID: 500,
  CONFIG_INVALID: 500,
  INSTANCE_STORE_UNAVAILABLE: 503,
  QUEUE_UNAVAILABLE: 503,
  WORKER_LOST: 500,
  WORKER_CODE_MISMATCH: 500,
  DELTA_PROTOCOL: 500,
  DELTA_CORRUPT: 500,
}

const HTTP_STATUS: Readonly<Record<HttpErrorCode, ContentfulStatusCode>> = {
  BAD_REQUEST: 400,
  NOT_FOUND: 404,
  UNAUTHORIZED: 401,
  INTERNAL: 500,
}

/** An error about the HTTP request itself (bad query, no token); thrown by handlers and middleware. */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message)
  }
}

/** Status and JSON body for any thrown value; unknown errors become a generic 500. */
export function errorResponse(error: unknown): {
  status: ContentfulStatusCode
  body: ApiErrorBody
} {
  if (error instanceof HttpError) {
    return { status: HTTP_STATUS[error.code], body: body(error.code, error.message, error.hint) }
  }
  if (error instanceof HTTPException) {
    // Hono's own (malformed JSON body and the like): a problem with the request.
    const status = error.status >= 500 ? 500 : (error.status as ContentfulStatusCode)
    return { status, body: body(status === 401 ? 'UNAUTHORIZED' : 'BAD_REQUEST', error.message) }
  }
  if (isFrameworkError(error)) {
    const column = error instanceof SelectionError ? error.column : undefined
    return {
      status: STATUS[error.code],
      body: body(error.code, error.message, error.hint, column),
    }
  }
  return {
    status: 500,
    body: body('INTERNAL', 'Internal server error.', 'The server log has the details.'),
  }
}

/** Hono `onError` handler: logs what the client does not see, answers with `{ error }`. */
export function onApiError(error: Error, c: Context): Response {
  const { status, body } = errorResponse(error)
  if (status >= 500) console.error(`[medallion api] ${c.req.method} ${c.req.path}:`, error)
  return c.json(body, status)
}

/** True when `error` is a FrameworkError with one of `codes`. */
export function hasCode(error: unknown, ...codes: ErrorCode[]): error is FrameworkError {
  return error instanceof FrameworkError && codes.includes(error.code)
}

function body(code: string, message: string, hint?: string, column?: number): ApiErrorBody {
  return {
    error: {
      code,
      message,
      ...(hint === undefined ? {} : { hint }),
      ...(column === undefined ? {} : { column }),
    },
  }
}
