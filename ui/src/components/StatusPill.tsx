import type { AssetState } from '../lib/asset-state.js'

const LABELS: Record<AssetState, string> = {
  missing: 'Missing',
  stale: 'Stale',
  fresh: 'Fresh',
  running: 'Running',
  failed: 'Failed',
}

/** The colored status of an asset (or of a run step, which uses the same palette). */
export function StatusPill(props: { state: AssetState | string; title?: string }) {
  const label = LABELS[props.state as AssetState] ?? capitalize(props.state)
  return (
    <span className={`pill pill-${props.state}`} title={props.title} data-status={props.state}>
      <span className="pill-dot" />
      {label}
    </span>
  )
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
