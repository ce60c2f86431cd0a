import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { formatKb, formatMs, type Summary } from './stats.js'

/** One line of a results table. */
export interface Row {
  readonly figure: string
  /** Median of the figure, formatted; `not yet measured: <reason>` for rows without code yet. */
  readonly value: string
  readonly baseline: string
  readonly baselineValue: string
  /** figure / baseline; undefined when the baseline is a fixed target, not a measurement. */
  readonly ratio: number | undefined
  readonly target: string
  /** Peak RSS of the figure's process / of the baseline's. */
  readonly rss: string
  readonly met: 'yes' | 'no' | '-'
  readonly notes: string
}

/** A sub-bench's results: rendered between markers in docs/benchmarks.md, replaced on each run. */
export interface Section {
  readonly id: string
  readonly title: string
  readonly machine: string
  readonly load: string
  readonly rows: readonly Row[]
  /** Findings written under the table (e.g. where a missed target spends its time). */
  readonly findings?: readonly string[]
}

/** A row for a figure measured against a baseline in the same run. */
export function pairRow(input: {
  readonly figure: string
  readonly candidate: Summary
  readonly baseline: Summary
  readonly baselineName: string
  /** Largest ratio that meets the target. */
  readonly maxRatio?: number
  /** Largest figure (after `scale`) that meets the target, in ms. */
  readonly maxMs?: number
  readonly target: string
  /** Divides both medians (e.g. by the asset count for a per-asset figure). */
  readonly scale?: number
  readonly notes?: string
}): Row {
  const scale = input.scale ?? 1
  const value = input.candidate.medianMs / scale
  const base = input.baseline.medianMs / scale
  const ratio = base > 0 ? value / base : undefined
  const okRatio = input.maxRatio === undefined || (ratio !== undefined && ratio <= input.maxRatio)
  const okMs = input.maxMs === undefined || value <= input.maxMs
  return {
    figure: input.figure,
    value: `${formatMs(value)} (${formatMs(input.candidate.minMs / scale)}–${formatMs(input.candidate.maxMs / scale)}, n=${input.candidate.runs})`,
    baseline: input.baselineName,
    baselineValue: `${formatMs(base)} (n=${input.baseline.runs})`,
    ratio,
    target: input.target,
    rss: `${formatKb(input.candidate.peakRssKb)} / ${formatKb(input.baseline.peakRssKb)}`,
    met:
      input.maxRatio === undefined && input.maxMs === undefined
        ? '-'
        : okRatio && okMs
          ? 'yes'
          : 'no',
    notes: [input.notes, minRatioNote(input.candidate, input.baseline)]
      .filter((n) => n !== undefined && n !== '')
      .join('; '),
  }
}

/**
 * Ratio of the fastest runs: on a shared machine, load only ever adds time, so min/min is the
 * least disturbed estimate of the intrinsic ratio; shown beside the median one, never instead.
 */
function minRatioNote(candidate: Summary, baseline: Summary): string {
  if (candidate.runs < 2 || baseline.minMs <= 0) return ''
  return `min/min ratio ${(candidate.minMs / baseline.minMs).toFixed(2)}x`
}

/** A row for a figure whose code does not exist yet. */
export function pendingRow(figure: string, target: string, reason: string): Row {
  return {
    figure,
    value: `not yet measured: ${reason}`,
    baseline: '-',
    baselineValue: '-',
    ratio: undefined,
    target,
    rss: '-',
    met: '-',
    notes: '',
  }
}

/** Markdown of one section, markers included. */
export function renderSection(section: Section): string {
  const header =
    '| Figure | Median (min–max) | Baseline (same run) | Baseline median | Ratio | Target | Peak RSS (figure / baseline) | Met | Notes |'
  const lines = [
    `<!-- bench:${section.id}:start -->`,
    `## ${section.title}`,
    '',
    `Measured on ${section.machine}; load average ${section.load}.`,
    '',
    header,
    '|---|---|---|---|---|---|---|---|---|',
    ...section.rows.map((r) =>
      [
        r.figure,
        r.value,
        r.baseline,
        r.baselineValue,
        r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
        r.target,
        r.rss,
        r.met,
        r.notes,
      ]
        .map((cell) => cell.replaceAll('|', '\\|'))
        .join(' | ')
        .replace(/^/, '| ')
        .replace(/$/, ' |'),
    ),
  ]
  if (section.findings && section.findings.length > 0) {
    lines.push('', ...section.findings.map((f) => `- ${f}`))
  }
  lines.push(`<!-- bench:${section.id}:end -->`)
  return lines.join('\n')
}

/**
 * Writes `sections` into the report at `file`, replacing each section's previous text (between its
 * markers) and keeping the sections this run did not measure. `order` fixes where new ones go.
 */
export function writeReport(
  file: string,
  preamble: string,
  sections: readonly Section[],
  order: readonly string[],
): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : ''
  const blocks = new Map<string, string>()
  for (const id of order) {
    const match = new RegExp(`<!-- bench:${id}:start -->[\\s\\S]*?<!-- bench:${id}:end -->`).exec(
      old,
    )
    if (match) blocks.set(id, match[0])
  }
  for (const section of sections) blocks.set(section.id, renderSection(section))
  const body = order.flatMap((id) => {
    const block = blocks.get(id)
    return block === undefined ? [] : [block]
  })
  writeFileSync(file, `${preamble.trim()}\n\n${body.join('\n\n')}\n`)
}

/** A row for a figure with an absolute target and no measured baseline. */
export function soloRow(input: {
  readonly figure: string
  readonly summary: Summary
  readonly maxMs: number
  readonly target: string
  readonly scale?: number
  readonly notes?: string
}): Row {
  const scale = input.scale ?? 1
  const value = input.summary.medianMs / scale
  return {
    figure: input.figure,
    value: `${formatMs(value)} (${formatMs(input.summary.minMs / scale)}–${formatMs(input.summary.maxMs / scale)}, n=${input.summary.runs})`,
    baseline: 'none: absolute target',
    baselineValue: '-',
    ratio: undefined,
    target: input.target,
    rss: `${formatKb(input.summary.peakRssKb)} / -`,
    met: value <= input.maxMs ? 'yes' : 'no',
    notes: input.notes ?? '',
  }
}

/** A row for a figure whose run failed: the bench goes on, and the failure is the finding. */
export function failedRow(figure: string, target: string, error: unknown): Row {
  const message = (error instanceof Error ? error.message : String(error))
    .replace(/\s+/g, ' ')
    .replace(/^.*?exited with \d+\. /, '')
    .replace(/^.*?(Error: bench:)/, '$1')
  return {
    figure,
    value: `FAILED: ${message.slice(0, 300)}`,
    baseline: '-',
    baselineValue: '-',
    ratio: undefined,
    target,
    rss: '-',
    met: 'no',
    notes: '',
  }
}
