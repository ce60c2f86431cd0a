import type { AssetAutomation, AutomationResponse } from '../../../../framework/api/schemas.js'
import { useSwitchAutomation } from '../../api/automation.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Section } from '../../components/Section.js'
import { Toggle } from '../../components/Toggle.js'
import { EvaluationItem } from './EvaluationItem.js'

/** Every asset with a policy: its switch, and why the daemon last did or did not request it. */
export function AssetPolicies(props: { status: AutomationResponse }) {
  const toggle = useSwitchAutomation()
  const { assets } = props.status
  return (
    <Section title={`Automated assets (${assets.length})`} id="automated-assets">
      {toggle.error && <ErrorPanel error={toggle.error} title="Could not switch" />}
      {assets.length === 0 && (
        <p className="muted">
          No asset declares a policy: give one <code>automation: eager()</code> (see
          docs/automation.md).
        </p>
      )}
      <div className="evaluation-list">
        {assets.map((asset) => (
          <PolicyRow
            key={asset.key}
            asset={asset}
            busy={toggle.isPending}
            onSwitch={(enabled) => toggle.mutate({ key: asset.key, enabled })}
          />
        ))}
      </div>
    </Section>
  )
}

function PolicyRow(props: {
  asset: AssetAutomation
  busy: boolean
  onSwitch: (enabled: boolean) => void
}) {
  const { asset } = props
  // A button inside <summary> does not open or close the row around it, so the switch sits there.
  const policyCell = (
    <span className="policy-cell">
      <code className="policy" title={`Policy: ${asset.policy}`}>
        {asset.policy}
      </code>
      <Toggle
        checked={asset.enabled}
        label={`Automation of ${asset.key}`}
        disabled={props.busy}
        onChange={props.onSwitch}
      />
    </span>
  )
  if (asset.lastEvaluation !== null) {
    return <EvaluationItem evaluation={asset.lastEvaluation} extra={policyCell} />
  }
  return (
    <div className="evaluation-row not-evaluated" data-key={asset.key}>
      <span className="evaluation-title mono">{asset.key}</span>
      <span className="tag tag-pending">Not evaluated yet</span>
      <span className="evaluation-summary" />
      {policyCell}
    </div>
  )
}
