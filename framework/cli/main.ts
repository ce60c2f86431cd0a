import { Command, Option } from 'commander'
import { isFrameworkError } from '../errors.js'
import { DEFAULT_DEFINITIONS } from './load-definitions.js'
import type { GlobalOptions } from './workspace.js'

/** Exit codes: 0 success, 1 a run failed or was blocked, 2 bad usage or definitions. */
const EXIT_USAGE = 2

const program = new Command('medallion')
  .description('Software-defined assets for the lakehouse: materialize, check and inspect assets.')
  .addOption(
    new Option('--data-dir <dir>', 'data directory (raw inputs, tables, instance store)')
      .env('MEDALLION_DATA_DIR')
      .default('data'),
  )
  .addOption(
    new Option('--definitions <file>', 'module exporting the definitions')
      .env('MEDALLION_DEFINITIONS')
      .default(DEFAULT_DEFINITIONS),
  )
  .option('--json', 'print machine-readable JSON', false)
  .showHelpAfterError()

/** Each command's module is imported only when it runs, so `medallion list` stays quick. */
function lazy<A extends unknown[]>(
  load: () => Promise<(globals: GlobalOptions, ...args: A) => Promise<number>>,
) {
  return async (...args: unknown[]) => {
    const command = args.at(-1) as Command
    const globals = command.optsWithGlobals() as GlobalOptions
    const run = await load()
    process.exitCode = await run(globals, ...(args.slice(0, -1) as A))
  }
}

program
  .command('list')
  .description('List assets and sources with their group, storage and dependencies.')
  .option('-s, --select <expr>', 'selection expression (see docs/selection.md)', '*')
  .action(lazy(async () => (await import('./commands/list.js')).listCommand))

program
  .command('status')
  .description('Show whether each asset is missing, stale or fresh, with every cause.')
  .option('-s, --select <expr>', 'selection expression', '*')
  .action(lazy(async () => (await import('./commands/status.js')).statusCommand))

program
  .command('materialize')
  .description('Materialize the selected assets in dependency order, running their checks.')
  .requiredOption('-s, --select <expr>', 'selection expression, e.g. "key:silver/*" or "*"')
  .option('--stale', 'keep only the selected assets that are not fresh', false)
  .option('-c, --concurrency <n>', 'assets materialized at once', '4')
  .option('--no-wait', 'fail instead of waiting when another run is materializing an asset')
  .action(lazy(async () => (await import('./commands/materialize.js')).materializeCommand))

program
  .command('check')
  .description('Run the checks of the selected assets against their current tables.')
  .requiredOption('-s, --select <expr>', 'selection expression')
  .action(lazy(async () => (await import('./commands/check.js')).checkCommand))

program
  .command('runs')
  .description('List recent runs.')
  .option('-n, --limit <n>', 'how many', '20')
  .action(lazy(async () => (await import('./commands/runs.js')).runsCommand))

program
  .command('logs')
  .description("Print a run's event log.")
  .argument('<run-id>', 'run id (a unique prefix is enough)')
  .action(lazy(async () => (await import('./commands/logs.js')).logsCommand))

program
  .command('wipe')
  .description("Delete the selected assets' tables and forget their materializations.")
  .requiredOption('-s, --select <expr>', 'selection expression')
  .option('-y, --yes', 'do not ask for confirmation', false)
  .action(lazy(async () => (await import('./commands/wipe.js')).wipeCommand))

program
  .command('dev')
  .description(
    'Serve the web UI and its API, and run the automation daemon (other hosts than 127.0.0.1 need a token).',
  )
  .option('-p, --port <n>', 'port to listen on (0 picks a free one)', '3000')
  .option('--host <host>', 'address to bind', '127.0.0.1')
  .addOption(
    new Option('--token <token>', 'require `Authorization: Bearer <token>` on /api').env(
      'MEDALLION_TOKEN',
    ),
  )
  .option('--no-daemon', 'do not run the automation daemon beside the server')
  .action(lazy(async () => (await import('./commands/dev.js')).devCommand))

program
  .command('daemon')
  .description(
    'Run the automation daemon: evaluate policies every tick and launch what they request.',
  )
  .option('-i, --interval <duration>', 'time between ticks (e.g. 2s, 500ms)', '2s')
  .option('-c, --concurrency <n>', 'assets materialized at once per run')
  .action(lazy(async () => (await import('./commands/daemon.js')).daemonCommand))

program
  .command('worker')
  .description(
    'Run asset steps from the queue (executor "queue" in medallion.config.ts, or MEDALLION_EXECUTOR=queue).',
  )
  .option('-c, --concurrency <n>', 'steps this worker runs at once', '1')
  .option('-n, --name <name>', 'the name its steps show (default <host>:<pid>)')
  .action(lazy(async () => (await import('./commands/worker.js')).workerCommand))

const automation = program
  .command('automation')
  .description('Switch automation on or off and see why the daemon did or did not run assets.')
automation
  .command('on')
  .description('Switch automation on (for the selected assets only with --select).')
  .option('-s, --select <expr>', 'selection expression')
  .action(
    lazy(async () => {
      const { automationSwitchCommand } = await import('./commands/automation.js')
      return (globals: GlobalOptions, options: { select?: string }) =>
        automationSwitchCommand(globals, 'on', options)
    }),
  )
automation
  .command('off')
  .description('Switch automation off (for the selected assets only with --select).')
  .option('-s, --select <expr>', 'selection expression')
  .action(
    lazy(async () => {
      const { automationSwitchCommand } = await import('./commands/automation.js')
      return (globals: GlobalOptions, options: { select?: string }) =>
        automationSwitchCommand(globals, 'off', options)
    }),
  )
automation
  .command('status')
  .description("Each automated asset's policy, switch and last outcome, with why.")
  .option('-s, --select <expr>', 'selection expression', '*')
  .action(lazy(async () => (await import('./commands/automation.js')).automationStatusCommand))
automation
  .command('ticks')
  .description('Recent daemon ticks: what each requested, and the run it launched.')
  .option('-n, --limit <n>', 'how many', '20')
  .action(lazy(async () => (await import('./commands/automation.js')).automationTicksCommand))
automation
  .command('why')
  .description('Why the daemon did or did not request an asset: its condition tree, part by part.')
  .argument('<asset>', 'asset key')
  .option('-n, --limit <n>', 'how many recorded evaluations, newest first', '1')
  .action(lazy(async () => (await import('./commands/automation.js')).automationWhyCommand))

const delta = program.command('delta').description('Inspect and maintain Delta Lake tables.')
delta
  .command('history')
  .description("A table's commits, newest first.")
  .argument('<table-dir>')
  .action(lazy(async () => (await import('./commands/delta.js')).deltaHistoryCommand))
delta
  .command('read')
  .description("Print a table's rows (JSON lines with --json).")
  .argument('<table-dir>')
  .option('--version <n>', 'read the table as of this version')
  .option('--timestamp <iso>', 'read the table as of this time')
  .option('--limit <n>', 'at most this many rows (text mode)', '50')
  .action(lazy(async () => (await import('./commands/delta.js')).deltaReadCommand))
delta
  .command('vacuum')
  .description('Delete data files no version within the retention period needs.')
  .argument('<table-dir>')
  .option('--retention-hours <h>', 'keep files removed less than this long ago', '168')
  .option('--dry-run', 'list the files without deleting them', false)
  .action(lazy(async () => (await import('./commands/delta.js')).deltaVacuumCommand))
delta
  .command('optimize')
  .description('Compact small files (a dataChange=false commit).')
  .argument('<table-dir>')
  .action(lazy(async () => (await import('./commands/delta.js')).deltaOptimizeCommand))

try {
  await program.parseAsync(process.argv)
} catch (error) {
  if (!isFrameworkError(error)) throw error
  const json = process.argv.includes('--json')
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ error: { code: error.code, message: error.message, hint: error.hint } }, null, 2)}\n`,
    )
  } else {
    process.stderr.write(`error [${error.code}]: ${error.message}\n`)
    if (error.hint !== undefined) process.stderr.write(`hint: ${error.hint}\n`)
  }
  process.exitCode = error.code === 'USER_CODE_FAILED' ? 1 : EXIT_USAGE
}
