import { useQuery } from '@tanstack/react-query'
import { automationQueryOptions, useSwitchAutomation } from '../api/automation.js'
import { ErrorPanel } from '../components/ErrorPanel.js'
import { Loading } from '../components/Section.js'
import { Toggle } from '../components/Toggle.js'
import { AssetPolicies } from '../features/automation/AssetPolicies.js'
import { DaemonCard } from '../features/automation/DaemonCard.js'
import { TickDetail } from '../features/automation/TickDetail.js'
import { TickHistory } from '../features/automation/TickHistory.js'

/**
 * The automation daemon at work: its state, the global switch, each automated asset with why it
 * did or did not run, and the tick history; `tick` (from the URL) opens one tick's evaluations.
 */
export function AutomationPage(props: { tick?: number }) {
  const status = useQuery(automationQueryOptions())
  const toggle = useSwitchAutomation()
  if (status.error) return <ErrorPanel error={status.error} title="Automation" />
  if (!status.data) return <Loading what="automation" />
  const data = status.data
  const tick = props.tick ?? data.lastTick?.id
  return (
    <div className="page automation-page">
      <div className="page-head">
        <h1>Automation</h1>
        <span
          className={`pill ${data.enabled ? 'pill-fresh' : 'pill-stale'}`}
          data-testid="automation-state"
        >
          <span className="pill-dot" />
          {data.enabled ? 'On' : 'Off for the whole instance'}
        </span>
        <div className="spacer" />
        <span className="muted small">Automation</span>
        <Toggle
          checked={data.enabled}
          label="Automation of the whole instance"
          disabled={toggle.isPending}
          onChange={(enabled) => toggle.mutate({ enabled })}
        />
      </div>
      {toggle.error && <ErrorPanel error={toggle.error} title="Could not switch automation" />}
      <DaemonCard status={data} />
      <div className="automation-grid">
        <AssetPolicies status={data} />
        <TickHistory selected={tick} />
      </div>
      {tick !== undefined && <TickDetail key={tick} tickId={tick} />}
    </div>
  )
}
