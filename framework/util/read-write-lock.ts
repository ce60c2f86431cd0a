/**
 * An in-process readers/writer lock: many readers or one writer. Waiters are served in arrival
 * order, so a writer is not starved by a stream of readers.
 */
export class ReadWriteLock {
  private readers = 0
  private writer = false
  private readonly queue: Array<{ mode: 'read' | 'write'; grant: () => void }> = []

  acquire(mode: 'read' | 'write'): Promise<void> {
    return new Promise((grant) => {
      this.queue.push({ mode, grant })
      this.drain()
    })
  }

  release(mode: 'read' | 'write'): void {
    if (mode === 'write') this.writer = false
    else this.readers -= 1
    this.drain()
  }

  get idle(): boolean {
    return !this.writer && this.readers === 0 && this.queue.length === 0
  }

  private drain(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0]
      if (next === undefined) return
      if (next.mode === 'write' && this.readers > 0) return
      this.queue.shift()
      if (next.mode === 'write') this.writer = true
      else this.readers += 1
      next.grant()
    }
  }
}
