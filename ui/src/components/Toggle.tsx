/** An on/off switch with its state in words beside it. */
export function Toggle(props: {
  checked: boolean
  onChange: (next: boolean) => void
  /** What it switches, for screen readers and tests ("Automation of gold/x"). */
  label: string
  disabled?: boolean
}) {
  return (
    <span className="toggle-field">
      <button
        type="button"
        role="switch"
        aria-checked={props.checked}
        aria-label={props.label}
        className={`toggle${props.checked ? ' on' : ''}`}
        disabled={props.disabled}
        onClick={() => props.onChange(!props.checked)}
      >
        <span className="toggle-knob" />
      </button>
      <span className="toggle-text">{props.checked ? 'On' : 'Off'}</span>
    </span>
  )
}
