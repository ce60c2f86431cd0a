import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as z from 'zod'
import { defineSource } from '../../framework/definitions/define-source.js'
import { sql } from '../../framework/definitions/sql.js'
import type { SourceRef } from '../../framework/definitions/types.js'
import type { RunEvent } from '../../framework/events/event-types.js'
import type { Instance } from '../../framework/instance/instance.js'
import { openInstance } from '../../framework/instance/open-instance.js'
import { makeTempDir } from '../helpers/temp-dir.js'

/** A temporary data directory with a real instance (SQLite store, DuckDB, both storages). */
export async function openTestInstance(): Promise<{
  instance: Instance
  dispose: () => Promise<void>
}> {
  const temp = makeTempDir('medallion-executor-')
  const instance = await openInstance({ dataDir: temp.dir, threads: 1 })
  return {
    instance,
    dispose: async () => {
      await instance.close()
      temp.remove()
    },
  }
}

/** Writes `raw/numbers.jsonl` with the values 1..count. */
export function writeNumbers(dataDir: string, count: number): void {
  mkdirSync(join(dataDir, 'raw'), { recursive: true })
  const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ n: i + 1 }))
  writeFileSync(join(dataDir, 'raw', 'numbers.jsonl'), `${lines.join('\n')}\n`)
}

export const numbersSource = defineSource({ key: 'raw/numbers', path: 'raw/numbers.jsonl' })

export const nSchema = z.object({ n: z.number() })

/** SQL over a source's JSON lines files. */
export const readJson = (source: SourceRef) =>
  sql`select * from read_json_auto([${sql.join(source.files.map((file) => sql.literal(file)))}])`

/** The events of a run as stored, in order. */
export async function storedEvents(instance: Instance, runId: string): Promise<RunEvent[]> {
  return (await instance.store.runEvents(runId)).map((stored) => stored.event)
}

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
