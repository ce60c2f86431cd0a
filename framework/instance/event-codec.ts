import { FrameworkError } from '../errors.js'
import { type EventOf, RunEvent, type RunEventType } from '../events/event-types.js'

/** Decoded events kept per store; enough for the latest events of several thousand assets. */
const CACHE_SIZE = 50_000

/**
 * Parses stored event bodies: events are validated here, when read back, not when written.
 * A stored event never changes, so each is parsed once and kept (frozen, since it is shared):
 * repeated automation ticks over thousands of assets then skip JSON.parse and zod.
 */
export class EventDecoder {
  private readonly cache = new Map<number, RunEvent>()

  decode(id: number, body: string): RunEvent {
    const cached = this.cache.get(id)
    if (cached !== undefined) return cached
    const event = deepFreeze(parse(id, body))
    // Oldest first out: the newest events are the ones "latest" reads keep asking for.
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as number)
    this.cache.set(id, event)
    return event
  }

  /** Like `decode`, and also checks the event has the type its index row promised. */
  decodeOf<T extends RunEventType>(type: T, id: number, body: string): EventOf<T> {
    return checkType(type, id, this.decode(id, body))
  }

  /** Event `id` if it was decoded before (and is still cached), type-checked like `decodeOf`. */
  cachedOf<T extends RunEventType>(type: T, id: number): EventOf<T> | undefined {
    const event = this.cache.get(id)
    return event === undefined ? undefined : checkType(type, id, event)
  }
}

function checkType<T extends RunEventType>(type: T, id: number, event: RunEvent): EventOf<T> {
  if (event.type !== type) throw corrupt(id, `has type "${event.type}" where "${type}" was indexed`)
  return event as EventOf<T>
}

function parse(id: number, body: string): RunEvent {
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

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child)
    Object.freeze(value)
  }
  return value
}

function corrupt(id: number, what: string, cause?: unknown): FrameworkError {
  return new FrameworkError(
    'INSTANCE_STORE_INVALID',
    `instance store: event ${id} ${what}. It was written by another Medallion version or edited by hand; restore the store from a backup or start with a fresh data directory.`,
    cause === undefined ? {} : { cause },
  )
}
