import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { RunStatus } from '../../events/event-types.js'
import { isTerminalStatus } from '../../instance/run-status.js'
import type { ApiDeps } from '../deps.js'
import type { RunStreamEnd, StoredRunEvent } from '../schemas.js'

/**
 * Server-sent events for one run: replays its events after `after`, then polls the store and
 * pushes new ones until the run ends. Polling the store (not this process's executor) is what
 * makes runs launched by the CLI or the daemon stream the same way.
 */
export function streamRunEvents(c: Context, deps: ApiDeps, runId: string, after: number) {
  const pollMs = deps.streamPollMs ?? 250
  return streamSSE(
    c,
    async (stream) => {
      let closed = false
      stream.onAbort(() => {
        closed = true
      })
      let last = after
      const pushNew = async (): Promise<RunStatus | undefined> => {
        let finished: RunStatus | undefined
        for (const stored of await deps.instance.store.runEvents(runId, last)) {
          const data: StoredRunEvent = { id: stored.id, event: stored.event }
          await stream.writeSSE({
            event: 'run_event',
            id: String(stored.id),
            data: JSON.stringify(data),
          })
          last = stored.id
          if (stored.event.type === 'run_finished') finished = stored.event.status
        }
        return finished
      }
      while (!closed) {
        let finished = await pushNew()
        if (finished === undefined) {
          // A run that ended without a run_finished event (its process died): end the stream on
          // its record's status, after one last read for events written just before.
          const run = await deps.instance.store.getRun(runId)
          if (run !== undefined && isTerminalStatus(run.status)) {
            finished = (await pushNew()) ?? run.status
          }
        }
        if (finished !== undefined) {
          const end: RunStreamEnd = { runId, status: finished }
          await stream.writeSSE({ event: 'end', data: JSON.stringify(end) })
          return
        }
        await stream.sleep(pollMs)
      }
    },
    async (error) => {
      console.error(`[medallion api] stream of run ${runId} failed:`, error)
    },
  )
}
