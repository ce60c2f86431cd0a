import type { RunEvent } from '../events/event-types.js'
import type { InstanceStore } from '../instance/instance-store.js'

/**
 * The run's event writer. `emit` is synchronous (listeners see events at once); writes to the
 * store are batched per turn of the event loop, so a step's handful of events cost one
 * transaction, not one each. Batches are appended in order, one at a time.
 */
export class RunEvents {
  private pending: RunEvent[] = []
  private scheduled = false
  private writing: Promise<void> = Promise.resolve()
  private failure: unknown

  constructor(
    private readonly store: InstanceStore,
    private readonly listener: ((event: RunEvent) => void) | undefined,
  ) {}

  emit(event: RunEvent): void {
    this.pending.push(event)
    this.relay(event)
    if (!this.scheduled) {
      this.scheduled = true
      setImmediate(() => this.drain())
    }
  }

  /** Shows the listener an event that another process (a queue worker) has stored already. */
  relay(event: RunEvent): void {
    if (this.listener !== undefined) {
      try {
        this.listener(event)
      } catch (error) {
        // A watcher (CLI printer, UI stream) must not be able to break the run it watches.
        console.warn('onEvent listener threw; the run goes on:', error)
      }
    }
  }

  /** Writes everything emitted so far; rethrows the first store error. */
  async flush(): Promise<void> {
    this.drain()
    await this.writing
    if (this.failure !== undefined) throw this.failure
  }

  private drain(): void {
    this.scheduled = false
    if (this.pending.length === 0) return
    const batch = this.pending
    this.pending = []
    this.writing = this.writing
      .then(async () => {
        if (this.failure === undefined) await this.store.appendEvents(batch)
      })
      .catch((error: unknown) => {
        this.failure ??= error
      })
  }
}
