import { useQuery } from '@tanstack/react-query'
import { assetAutomationQueryOptions, useSwitchAutomation } from '../../api/automation.js'
import { ErrorPanel } from '../../components/ErrorPanel.js'
import { Loading, Section } from '../../components/Section.js'
import { Toggle } from '../../components/Toggle.js'
import { Link } from '../../router.js'
import { EvaluationItem } from './EvaluationItem.js'

/** The asset's policy and switch, and why the daemon last did or did not request it. */
export function AssetAutomationSection(props: { assetKey: string }) {
  const automation = useQuery(assetAutomationQueryOptions(props.assetKey))
  const toggle = useSwitchAutomation()
  const data = automation.data
  const actions =
    data?.policy != null ? (
      <Toggle
        checked={data.enabled}
        label={`Automation of ${props.assetKey}`}
        disabled={toggle.isPending}
        onChange={(enabled) => toggle.mutate({ key: props.assetKey, enabled })}
      />
    ) : undefined
  const [latest, ...older] = data?.evaluations ?? []
  return (
    <Section title="Automation" id="asset-automation" actions={actions}>
      {automation.error && <ErrorPanel error={automation.error} />}
      {toggle.error && <ErrorPanel error={toggle.error} title="Could not switch" />}
      {automation.isPending && <Loading what="automation" />}
      {data && data.policy === null && (
        <p className="muted">
          No automation policy: the daemon never materializes this asset (see docs/automation.md).
        </p>
      )}
      {data && data.policy !== null && (
        <>
          <p className="small">
            Policy <code className="policy">{data.policy}</code>
            {!data.globalEnabled && (
              <>
                {' '}
                · automation is <Link to={{ name: 'automation' }}>off for the whole instance</Link>
              </>
            )}
          </p>
          {latest === undefined ? (
            <p className="muted">No daemon has evaluated this asset yet.</p>
          ) : (
            <div className="evaluation-list">
              <EvaluationItem
                evaluation={latest}
                title={<span className="muted small">Last evaluation</span>}
                open
              />
              {older.map((evaluation) => (
                <EvaluationItem
                  key={evaluation.tickId}
                  evaluation={evaluation}
                  title={<span className="muted small">Tick #{evaluation.tickId}</span>}
                />
              ))}
            </div>
          )}
        </>
      )}
    </Section>
  )
}
