/** One timed run: wall milliseconds and, when known, the peak resident set size of its process. */
export interface Sample {
  readonly ms: number
  readonly rssKb: number | undefined
}

/** Runs of one figure folded into the numbers the report shows. */
export interface Summary {
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  readonly runs: number
  /** Highest peak RSS over the runs (the worst case is what a machine must hold). */
  readonly peakRssKb: number | undefined
}

/** Median of a non-empty list (mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median: no values. Measure at least one run.')
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** Folds samples into a summary. */
export function summarize(samples: readonly Sample[]): Summary {
  const ms = samples.map((s) => s.ms)
  const rss = samples.flatMap((s) => (s.rssKb === undefined ? [] : [s.rssKb]))
  return {
    medianMs: median(ms),
    minMs: Math.min(...ms),
    maxMs: Math.max(...ms),
    runs: samples.length,
    peakRssKb: rss.length > 0 ? Math.max(...rss) : undefined,
  }
}

/**
 * Runs `candidate` and `baseline` `runs` times each, alternating which goes first (ABBA…) so a
 * load spike from other processes on the machine hits both sides alike.
 */
export async function measurePair(
  runs: number,
  candidate: (run: number) => Promise<Sample>,
  baseline: (run: number) => Promise<Sample>,
): Promise<{ candidate: Summary; baseline: Summary }> {
  const a: Sample[] = []
  const b: Sample[] = []
  for (let run = 0; run < runs; run++) {
    if (run % 2 === 0) {
      a.push(await candidate(run))
      b.push(await baseline(run))
    } else {
      b.push(await baseline(run))
      a.push(await candidate(run))
    }
  }
  return { candidate: summarize(a), baseline: summarize(b) }
}

/** Runs `fn` `runs` times in a row. */
export async function measure(
  runs: number,
  fn: (run: number) => Promise<Sample>,
): Promise<Summary> {
  const samples: Sample[] = []
  for (let run = 0; run < runs; run++) samples.push(await fn(run))
  return summarize(samples)
}

/** `1234.5` → `1.23 s`, `12.3` → `12.3 ms`, `0.0123` → `12.3 µs`. */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : 1)} ms`
  return `${(ms * 1000).toFixed(1)} µs`
}

/** Kilobytes → `123 MB`. */
export function formatKb(kb: number | undefined): string {
  if (kb === undefined) return 'n/a'
  return kb >= 1024 * 1024 ? `${(kb / 1024 / 1024).toFixed(2)} GB` : `${Math.round(kb / 1024)} MB`
}
