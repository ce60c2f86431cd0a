import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

const BIN = join(import.meta.dirname, '../../bin/medallion.js')

export interface CliResult {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  /** stdout parsed as JSON (for --json commands). */
  json<T = unknown>(): T
}

/** Runs the real CLI in a child process, as a user's shell would. */
export function runCli(args: readonly string[], env: Record<string, string> = {}): CliResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    json: <T>() => JSON.parse(result.stdout) as T,
  }
}
