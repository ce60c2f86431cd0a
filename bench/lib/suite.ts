import type { Section } from './report.js'

/** Options every sub-bench receives from the command line. */
export interface BenchOptions {
  /** Smoke run: small sizes, two runs. */
  readonly quick: boolean
  /** Runs per figure (default per sub-bench when undefined). */
  readonly runs: number | undefined
  /** `--events`: event counts for the pipeline bench. */
  readonly events: readonly number[] | undefined
  /** `--rows`: rows for the Delta bench. */
  readonly rows: number | undefined
  /** Scratch folder of this bench run, removed at the end. */
  readonly scratch: string
  /** Progress output (stderr). */
  readonly log: (line: string) => void
  /** Machine description and load average for the section header. */
  readonly machine: string
  readonly loadNow: () => string
}

/** A selectable sub-bench (`npm run bench -- <name>`). */
export interface Suite {
  readonly name: string
  readonly title: string
  readonly description: string
  run(options: BenchOptions): Promise<Section>
}
