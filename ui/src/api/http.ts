import type { ApiErrorBody } from '../../../framework/api/schemas.js'

/** An error the API answered with (or one of ours when it could not be reached): shown as is. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
    readonly status?: number,
    /** 1-based column of the bad spot in a selection expression. */
    readonly column?: number,
  ) {
    super(message)
  }
}

const TOKEN_KEY = 'medallion.token'

/**
 * The API token, if the server needs one: taken from `?token=` on the page URL once, then kept in
 * sessionStorage so links inside the app do not have to carry it.
 */
export function apiToken(): string | undefined {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined
}

/** GET a JSON resource under /api. */
export function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, { method: 'GET', ...(signal ? { signal } : {}) })
}

/** POST JSON to /api; resolves with the JSON answer. */
export function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return request<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  })
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  const token = apiToken()
  const headers = new Headers(init.headers)
  if (token) headers.set('authorization', `Bearer ${token}`)
  let response: Response
  try {
    response = await fetch(path, { ...init, headers })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(
      'NETWORK',
      `${init.method} ${path}: the Medallion server could not be reached.`,
      'Is `npx medallion dev` still running? Start it again, then reload this page.',
    )
  }
  const text = await response.text()
  if (response.ok) return (text === '' ? undefined : JSON.parse(text)) as T
  throw errorFrom(response.status, path, text)
}

function errorFrom(status: number, path: string, text: string): ApiError {
  try {
    const body = JSON.parse(text) as Partial<ApiErrorBody>
    if (body.error && typeof body.error.code === 'string') {
      const { code, message, hint, column } = body.error
      return new ApiError(code, message, hint, status, column)
    }
  } catch {
    // Not our JSON error body (a proxy or a crash page): fall through and show the raw text.
  }
  return new ApiError(`HTTP_${status}`, `${path}: ${text.slice(0, 300) || 'no response body'}`)
}
