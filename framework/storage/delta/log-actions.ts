import { promises as fs } from 'node:fs'
import { DeltaError } from '../../errors.js'
import type { Action } from './actions.js'

/** Any log action line, including V2-checkpoint-only actions the shared `Action` type leaves out. */
export type LogAction =
  | Action
  | { readonly checkpointMetadata: { readonly version: number } }
  | { readonly sidecar: { readonly path: string; readonly sizeInBytes?: number } }

/** Parses NDJSON commit (or JSON checkpoint) text; blank lines are skipped. */
export function parseActionLines(text: string, where: string): LogAction[] {
  const actions: LogAction[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]?.trim()
    if (!line) continue
    try {
      actions.push(JSON.parse(line) as LogAction)
    } catch (cause) {
      throw new DeltaError(
        'DELTA_CORRUPT',
        `delta log: line ${i + 1} of ${where} is not valid JSON. The commit file is damaged; restore it from a backup.`,
        { cause },
      )
    }
  }
  return actions
}

/** Reads and parses one commit file. */
export async function readActionFile(file: string): Promise<LogAction[]> {
  return parseActionLines(await fs.readFile(file, 'utf8'), file)
}
