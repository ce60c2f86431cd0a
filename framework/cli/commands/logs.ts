import { FrameworkError } from '../../errors.js'
import type { RunEvent } from '../../events/event-types.js'
import type { InstanceStore, RunRecord } from '../../instance/instance-store.js'
import { color } from '../output.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

export async function logsCommand(globals: GlobalOptions, runId: string): Promise<number> {
  return withWorkspace(globals, async ({ instance, out }) => {
    const run = await findRun(instance.store, runId)
    const events = await instance.store.runEvents(run.runId)
    out.data({ run, events: events.map((stored) => stored.event) })
    out.line(color.bold(`run ${run.runId} · ${run.status} · ${run.selection}`))
    for (const { event } of events) out.line(`${color.dim(event.at)} ${describe(event)}`)
    return 0
  })
}

/** A run by exact id, or by a prefix that only one recent run has. */
async function findRun(store: InstanceStore, id: string): Promise<RunRecord> {
  const exact = await store.getRun(id)
  if (exact !== undefined) return exact
  const matches = (await store.listRuns({ limit: 1000 })).filter((run) => run.runId.startsWith(id))
  if (matches.length === 1 && matches[0] !== undefined) return matches[0]
  throw new FrameworkError(
    'RUN_NOT_FOUND',
    matches.length === 0
      ? `logs: no run has the id "${id}".`
      : `logs: "${id}" is the start of ${matches.length} run ids; give more characters.`,
    { hint: 'List recent runs with `medallion runs`.' },
  )
}

function describe(event: RunEvent): string {
  const { type, runId: _runId, at: _at, ...rest } = event
  const key = 'key' in rest && rest.key !== undefined ? ` ${rest.key}` : ''
  if (type === 'log') return `${event.level.toUpperCase()}${key} ${event.message}`
  const { key: _key, ...details } = rest as Record<string, unknown>
  return `${type}${key} ${color.dim(JSON.stringify(details))}`
}
