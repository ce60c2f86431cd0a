import { once } from 'node:events'
import { createWriteStream, type WriteStream } from 'node:fs'

const CHUNK_CHARS = 256 * 1024

/** Appends lines to a file in large chunks, waiting for the stream to drain when it asks to. */
export class LineWriter {
  private readonly stream: WriteStream
  private buffer = ''
  /** Lines written so far. */
  lines = 0

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' })
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
    const chunk = this.buffer
    this.buffer = ''
    if (chunk.length > 0 && !this.stream.write(chunk)) await once(this.stream, 'drain')
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    await this.flush()
    this.stream.end()
    await once(this.stream, 'close')
  }
}
