import { isUtf8 } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { FrameworkError } from '../../framework/index.js'

/**
 * File-level problems: the whole file cannot be ingested, so the asset fails and no table moves.
 * Each message names the file and the line, and says what to do.
 */
export function rawFileError(
  file: string,
  line: number,
  what: string,
  todo: string,
  cause?: unknown,
) {
  return new FrameworkError('IO_READ_FAILED', `bronze: ${file} line ${line}: ${what}. ${todo}`, {
    hint: todo,
    ...(cause === undefined ? {} : { cause }),
  })
}

/** The first line (1-based) holding bytes that are not UTF-8, or undefined if all are. */
export function firstNonUtf8Line(path: string): number | undefined {
  const bytes = readFileSync(path)
  let start = 0
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start)
    const stop = end === -1 ? bytes.length : end
    if (!isUtf8(bytes.subarray(start, stop))) return line
    if (end === -1) return undefined
    start = end + 1
  }
  return undefined
}

/** The line (1-based) where JSON.parse gives up on `text`, from the position in its message. */
export function jsonErrorLine(text: string): { line: number; message: string } | undefined {
  try {
    JSON.parse(text)
    return undefined
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const lineCol = /line (\d+) column/.exec(message)
    if (lineCol?.[1] !== undefined) return { line: Number(lineCol[1]), message }
    const position = /position (\d+)/.exec(message)
    // Without a position, V8 failed at the end of the input (e.g. "Unexpected end of JSON input").
    const at = position?.[1] === undefined ? text.length : Number(position[1])
    return { line: text.slice(0, at).split('\n').length, message }
  }
}
