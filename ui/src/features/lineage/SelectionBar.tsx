import { type FormEvent, useEffect, useState } from 'react'

/** The selection box: the CLI's `--select` syntax, resolved by the server on Enter. */
export function SelectionBar(props: {
  expression: string
  onSubmit: (expression: string) => void
  selectedCount: number
  onClear: () => void
}) {
  const [text, setText] = useState(props.expression)
  useEffect(() => setText(props.expression), [props.expression])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    props.onSubmit(text.trim())
  }
  return (
    <form className="selection-bar" onSubmit={submit}>
      <input
        aria-label="Selection expression"
        className="selection-input"
        placeholder="Select assets: group:gold, +silver/user_dim, key:bronze/*, *  (Enter)"
        value={text}
        onChange={(event) => setText(event.target.value)}
        spellCheck={false}
      />
      <button type="submit" className="btn">
        Select
      </button>
      {(props.selectedCount > 0 || props.expression !== '') && (
        <button type="button" className="btn btn-ghost" onClick={props.onClear}>
          Clear{props.selectedCount > 0 ? ` (${props.selectedCount})` : ''}
        </button>
      )}
    </form>
  )
}
