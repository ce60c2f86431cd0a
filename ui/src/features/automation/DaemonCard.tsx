import type { ReactNode } from 'react'
import type { AutomationResponse } from '../../../../framework/api/schemas.js'
import { Section } from '../../components/Section.js'
import { StatusPill } from '../../components/StatusPill.js'
import { formatDuration, formatRelative, formatTime } from '../../lib/format.js'
import { Link } from '../../router.js'

/** What the server's daemon is doing: running, leader, interval, last tick, active runs. */
export function DaemonCard(props: { status: AutomationResponse }) {
  const { daemon, lastTick } = props.status
  return (
    <Section title="Daemon" id="daemon">
      {daemon === null && (
        <p className="muted">
          This server runs no daemon (it was started with <code>--no-daemon</code>): assets are
          materialized only on request. Run <code>medallion daemon</code> beside it, or restart{' '}
          <code>medallion dev</code> without the flag.
        </p>
      )}
      <dl className="facts facts-grid">
        {daemon !== null && (
          <>
            <Fact label="State">
              <StatusPill state={daemon.running ? 'running' : 'stopped'} />
            </Fact>
            <Fact label="Leader">
              {daemon.leader
                ? 'this daemon'
                : daemon.leaseHolder
                  ? `${daemon.leaseHolder.host} (pid ${daemon.leaseHolder.pid})`
                  : 'waiting for the lease'}
            </Fact>
            <Fact label="Interval">{formatDuration(daemon.intervalMs)}</Fact>
            <Fact label="Ticks since start">{daemon.ticks}</Fact>
            <Fact label="Active runs">
              {daemon.activeRuns.length === 0
                ? 'none'
                : daemon.activeRuns.map((run) => (
                    <Link key={run.runId} to={{ name: 'run', runId: run.runId }} className="mono">
                      {run.runId.slice(0, 8)}{' '}
                    </Link>
                  ))}
            </Fact>
          </>
        )}
        <Fact label="Last tick">
          {lastTick === null ? (
            'never'
          ) : (
            <span title={formatTime(lastTick.finishedAt)}>
              <Link to={{ name: 'automation', tick: lastTick.id }}>#{lastTick.id}</Link>{' '}
              {formatRelative(lastTick.finishedAt)}
              {lastTick.status === 'failure' ? ' (failed)' : ''}
            </span>
          )}
        </Fact>
      </dl>
      {daemon?.lastError && <p className="check-message">{daemon.lastError}</p>}
      {lastTick?.error && <p className="check-message">{lastTick.error.message}</p>}
    </Section>
  )
}

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  )
}
