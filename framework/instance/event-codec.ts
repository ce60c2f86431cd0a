import { FrameworkError } from '../errors.js'
import { type EventOf, RunEvent, type RunEventType } from '../events/event-types.js'

/** Parses a stored event body; events are validated here, when read back, not when written. */
export function decodeEvent(id: number, body: string): RunEvent {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch (cause) {
    throw corrupt(id, 'is not valid JSON', cause)
  }
  const parsed = RunEvent.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where =
      issue === undefined ? '' : ` (${issue.path.join('.') || 'event'}: ${issue.message})`
    throw corrupt(id, `does not match the event schema${where}`, parsed.error)
  }
  return parsed.data
}

/** Like `decodeEvent`, and also checks the event has the type its index row promised. */
export function decodeEventOf<T extends RunEventType>(
  type: T,
  id: number,
  body: string,
): EventOf<T> {
  const event = decodeEvent(id, body)
  if (event.type !== type) throw corrupt(id, `has type "${event.type}" where "${type}" was indexed`)
  return event as EventOf<T>
}

function corrupt(id: number, what: string, cause?: unknown): FrameworkError {
  return new FrameworkError(
    'INSTANCE_STORE_INVALID',
    `instance store: event ${id} ${what}. It was written by another Medallion version or edited by hand; restore the store from a backup or start with a fresh data directory.`,
    cause === undefined ? {} : { cause },
  )
}
