import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'
import { FrameworkError } from '../../framework/errors.js'

const CHUNK_CHARS = 256 * 1024

/** Appends lines to a file in large chunks, waiting for the stream to drain when it asks to. */
export class LineWriter {
  private readonly stream: WriteStream
  private buffer = ''
  private failure: unknown
  /** Records written so far (blank lines are not records). */
  lines = 0

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' })
    // Kept and rethrown on the next write: an unheard 'error' event would crash the process.
    this.stream.on('error', (error) => {
      this.failure ??= error
    })
  }

  /** Queues one line (without its newline); resolves once the stream can take more. */
  async write(line: string): Promise<void> {
    this.buffer += `${line}\n`
    this.lines++
    if (this.buffer.length >= CHUNK_CHARS) await this.flush()
  }

  /** Queues an empty line, which is not a record and is not counted. */
  async writeBlank(): Promise<void> {
    this.buffer += '\n'
  }

  /** Queues text that already ends in newlines, counting `lines` records. */
  async writeText(text: string, lines: number): Promise<void> {
    this.buffer += text
    this.lines += lines
    if (this.buffer.length >= CHUNK_CHARS) await this.flush()
  }

  private async flush(): Promise<void> {
    this.check()
    const chunk = this.buffer
    this.buffer = ''
    if (chunk.length > 0 && !this.stream.write(chunk)) await once(this.stream, 'drain')
    this.check()
  }

  private check(): void {
    if (this.failure === undefined) return
    throw new FrameworkError(
      'IO_WRITE_FAILED',
      `generate-data: cannot write ${this.path} (see cause). Check the disk and the folder's permissions, or pass another --out.`,
      { cause: this.failure },
    )
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    await this.flush()
    this.stream.end()
    if (!this.stream.closed) await once(this.stream, 'close')
    this.check()
  }
}
