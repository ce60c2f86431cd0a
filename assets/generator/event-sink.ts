import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { LineWriter } from './line-writer.js'

/** Where the usage events of one day go: a daily file or a shared single file. */
export interface EventSink {
  /** Takes the whole text of a day (lines ending in newlines); called once per day, in day order. */
  writeDay(date: string, text: string, lines: number): Promise<void>
  /** Finishes writing; returns how many files hold events. */
  close(): Promise<number>
}

/** `<dir>/YYYY-MM-DD.jsonl`, one file per day that has events, so new days arrive as new files. */
export function dailyFileSink(dir: string): EventSink {
  let files = 0
  return {
    async writeDay(date, text) {
      if (text.length === 0) return
      await writeFile(join(dir, `${date}.jsonl`), text)
      files++
    },
    close: async () => files,
  }
}

/** All events in one JSON Lines file, in day order. */
export function singleFileSink(path: string): EventSink {
  const writer = new LineWriter(path)
  return {
    writeDay: (_date, text, lines) => writer.writeText(text, lines),
    async close() {
      await writer.close()
      return 1
    },
  }
}
