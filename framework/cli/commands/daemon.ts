import { startDaemon } from '../../automation/daemon.js'
import { FrameworkError } from '../../errors.js'
import { type GlobalOptions, withWorkspace } from '../workspace.js'

/** `2s`, `500ms`, `1m` or a plain number of milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  const unit = { ms: 1, s: 1000, m: 60_000 }[match?.[2] ?? 'ms'] ?? 1
  const value = match === null ? Number.NaN : Number(match[1]) * unit
  if (!Number.isFinite(value) || value < 10) {
    throw new FrameworkError(
      'USAGE',
      `daemon: ${flag} must be a duration of at least 10 ms, got "${text}".`,
      { hint: `e.g. ${flag} 2s, ${flag} 500ms` },
    )
  }
  return value
}

/** `medallion daemon [--interval 2s]`: evaluates automation policies until Ctrl-C. */
export async function daemonCommand(
  globals: GlobalOptions,
  flags: { interval: string; concurrency?: string },
): Promise<number> {
  const intervalMs = parseDuration(flags.interval, '--interval')
  const concurrency = flags.concurrency === undefined ? undefined : Number(flags.concurrency)
  return withWorkspace(globals, async ({ definitions, instance, out }) => {
    const json = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
    const daemon = startDaemon(instance, definitions, {
      intervalMs,
      ...(concurrency === undefined ? {} : { concurrency }),
      onTick: (tick) => {
        if (out.json) {
          if (tick.requested.length > 0 || tick.error !== null) json({ tick })
          return
        }
        if (tick.error !== null) out.line(`tick ${tick.id} failed: ${tick.error.message}`)
        else if (tick.requested.length > 0) {
          out.line(`tick ${tick.id}: requested ${tick.requested.join(', ')} → run ${tick.runId}`)
        }
      },
      onRunFinished: (result) => {
        if (out.json) json({ run: { runId: result.runId, status: result.status } })
        else out.line(`run ${result.runId} ${result.status} (${Math.round(result.durationMs)} ms)`)
      },
    })
    out.line(
      `Automation daemon ${daemon.state.daemonId} ticking every ${intervalMs} ms. Press Ctrl-C to stop.`,
    )
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    })
    out.line('Stopping: canceling runs the daemon started…')
    await daemon.stop()
    return 0
  })
}
