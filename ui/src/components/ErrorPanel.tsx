import { ApiError } from '../api/http.js'

/** An API error as the user should read it: code, message, hint, and where an expression broke. */
export function ErrorPanel(props: { error: unknown; expression?: string; title?: string }) {
  const error = props.error
  const code = error instanceof ApiError ? error.code : 'UI_ERROR'
  const message = error instanceof Error ? error.message : String(error)
  const hint = error instanceof ApiError ? error.hint : undefined
  const column = error instanceof ApiError ? error.column : undefined
  return (
    <div className="error-panel" role="alert">
      <div className="error-head">
        {props.title && <strong>{props.title}</strong>}
        <code className="error-code">{code}</code>
      </div>
      <p className="error-message">{message}</p>
      {props.expression !== undefined && column !== undefined && !message.includes('\n') && (
        <pre className="error-caret">
          {props.expression}
          {'\n'}
          {`${' '.repeat(Math.max(0, column - 1))}^`}
        </pre>
      )}
      {hint && <p className="error-hint">{hint}</p>}
    </div>
  )
}
