// `npm run bench [-- <suite>...] [--quick] [--runs N] [--rows N] [--events 1m,10m] [--no-write]`
// Every figure is measured against its baseline in the same run; results go to docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { describeMachine, loadAverage, machineInfo } from './lib/machine.js'
import { ensureTimeTool, REPO_ROOT } from './lib/process-run.js'
import { failedRow, renderSection, type Section, writeReport } from './lib/report.js'
import type { BenchOptions, Suite } from './lib/suite.js'
import { automationSuite } from './suites/automation.js'
import { deltaSuite } from './suites/delta.js'
import { generatorSuite } from './suites/generator.js'
import { overheadSuite } from './suites/overhead.js'
import { pipelineSuite } from './suites/pipeline.js'
import { uiSuite } from './suites/ui.js'

const SUITES: readonly Suite[] = [
  deltaSuite,
  overheadSuite,
  generatorSuite,
  pipelineSuite,
  automationSuite,
  uiSuite,
]
const REPORT = path.join(REPO_ROOT, 'docs', 'benchmarks.md')
const PREAMBLE = `# Benchmarks

Produced by \`npm run bench\` (bench/main.ts); do not edit by hand, except the Findings section at the
end, which runs keep as it is. Each other section is replaced when its
sub-bench runs again (\`npm run bench -- delta\`, \`-- overhead\`, \`-- generator\`, \`-- pipeline --events 1m\`).
Every figure is the median of several runs, and its baseline is measured in the same run, alternating
with it, so that load from other processes hits both; the ratio is figure / baseline. Peak RSS is the
highest over the runs, of the whole process (GNU time), or of the worker process when a figure is a
section inside one. \`--quick\` is a smoke run at small sizes and does not write this file.`

function usage(): string {
  return [
    'usage: npm run bench -- [suite...] [--quick] [--runs N] [--rows N] [--events 1m,10m] [--no-write]',
    'suites:',
    ...SUITES.map((s) => `  ${s.name.padEnd(10)} ${s.description}`),
  ].join('\n')
}

/** `1m` → 1_000_000, `250k` → 250_000, `5000` → 5000. */
function parseCount(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim())
  if (!match) throw new Error(`bench: "${text}" is not a count. Use e.g. 1m, 250k or 5000.`)
  const unit = match[2]?.toLowerCase()
  return Math.round(Number(match[1]) * (unit === 'm' ? 1e6 : unit === 'k' ? 1e3 : 1))
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    runs: { type: 'string' },
    rows: { type: 'string' },
    events: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (values.help) {
  console.log(usage())
  process.exit(0)
}
const unknown = positionals.filter((name) => !SUITES.some((s) => s.name === name))
if (unknown.length > 0) {
  console.error(`bench: unknown suite ${unknown.join(', ')}.\n${usage()}`)
  process.exit(2)
}
const selected =
  positionals.length === 0 ? SUITES : SUITES.filter((s) => positionals.includes(s.name))
const log = (line: string) => process.stderr.write(`${line}\n`)
ensureTimeTool(log)
const scratch = mkdtempSync(path.join(os.tmpdir(), 'medallion-bench-'))
const options: BenchOptions = {
  quick: values.quick,
  runs: values.runs === undefined ? undefined : parseCount(values.runs),
  rows: values.rows === undefined ? undefined : parseCount(values.rows),
  events: values.events?.split(',').map(parseCount),
  scratch,
  log,
  machine: describeMachine(machineInfo()),
  loadNow: () => String(loadAverage()),
}

const sections: Section[] = []
const started = performance.now()
try {
  for (const suite of selected) {
    log(`== ${suite.name}: ${suite.description}`)
    let section: Section
    try {
      section = await suite.run(options)
    } catch (error) {
      // One broken sub-bench must not cost the others' results.
      log(`bench: ${suite.name} failed: ${error instanceof Error ? error.message : String(error)}`)
      section = {
        id: suite.name,
        title: suite.title,
        machine: options.machine,
        load: options.loadNow(),
        rows: [failedRow(suite.description, '-', error)],
      }
    }
    sections.push(section)
    console.log(`\n${renderSection(section)}\n`)
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
const write = values.write || (!values.quick && !values['no-write'])
if (write) {
  // 'findings' is written by hand (profiles of missed targets) and kept as it is between runs.
  writeReport(REPORT, PREAMBLE, sections, [...SUITES.map((s) => s.name), 'findings'])
  log(`bench: wrote ${path.relative(process.cwd(), REPORT)}`)
}
log(`bench: done in ${Math.round((performance.now() - started) / 1000)} s`)
