import { Link } from '../../router.js'

/** "Run started" with a link to follow it live. */
export function LaunchNotice(props: { runId: string; what: string; onClose: () => void }) {
  return (
    <div className="notice" role="status" data-testid="launch-notice">
      Run started for {props.what}.{' '}
      <Link to={{ name: 'run', runId: props.runId }}>Follow run {props.runId.slice(0, 8)} →</Link>
      <button type="button" className="notice-close" onClick={props.onClose} aria-label="Dismiss">
        ×
      </button>
    </div>
  )
}
