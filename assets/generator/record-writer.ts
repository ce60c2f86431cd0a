import { BAD_KINDS, badLine, DIRTY_RATES, type DirtyCounts, type LineSource } from './dirty.js'
import type { LineWriter } from './line-writer.js'
import type { Rng } from './prng.js'

/** Where `--dirty` draws from and what it has added so far. */
export interface DirtyState {
  readonly rng: Rng
  readonly counts: DirtyCounts
  /** Round-robin over BAD_KINDS, so even a small file gets every kind. */
  nextKind: number
}

/** Writes a line-per-record source, adding bad records and duplicates after some records when dirty. */
export async function writeRecordLine(
  writer: LineWriter,
  source: LineSource,
  record: Readonly<Record<string, unknown>>,
  line: string,
  dirty: DirtyState | undefined,
): Promise<void> {
  await writer.write(line)
  if (dirty === undefined) return
  const r = dirty.rng.next()
  if (r < DIRTY_RATES.invalid) {
    const kind = BAD_KINDS[dirty.nextKind++ % BAD_KINDS.length] ?? 'not_json'
    await writer.write(badLine(source, record, kind, dirty.rng))
    dirty.counts.invalid[kind]++
  } else if (r < DIRTY_RATES.invalid + DIRTY_RATES.duplicate) {
    await writer.write(line)
    dirty.counts.duplicates++
  }
}
