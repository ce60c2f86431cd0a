import { rmSync } from 'node:fs'
import path from 'node:path'
import { runWorker } from '../lib/process-run.js'
import { pairRow, type Row } from '../lib/report.js'
import { measurePair, type Sample } from '../lib/stats.js'
import type { BenchOptions, Suite } from '../lib/suite.js'
import type { DeltaOp } from '../workers/delta-worker.js'

/** Delta layer vs plain DuckDB parquet: write N rows, read them back (aggregate and full scan). */
export const deltaSuite: Suite = {
  name: 'delta',
  title: 'Delta layer vs plain DuckDB parquet',
  description: 'write and read back N rows (default 10M) through DeltaTable vs COPY/read_parquet',
  async run(options: BenchOptions) {
    const rows = options.rows ?? (options.quick ? 200_000 : 10_000_000)
    const runs = options.runs ?? 3
    const dir = path.join(options.scratch, 'delta')
    const loadBefore = options.loadNow()
    const op = async (name: DeltaOp, target: string): Promise<Sample & { result: unknown }> => {
      const out = await runWorker('delta-worker.ts', { op: name, rows, target })
      options.log(`  ${name} ${Math.round(out.ms)} ms`)
      return { ms: out.ms, rssKb: out.process.rssKb ?? out.rssKb, result: out.result }
    }
    const tableOf = (run: number) => path.join(dir, `table-${run}`)
    const fileOf = (run: number) => path.join(dir, `plain-${run}.parquet`)
    const last = runs - 1
    const dropUnlessLast = (run: number, target: string) => {
      if (run !== last) rmSync(target, { recursive: true, force: true })
    }
    const label = rows.toLocaleString('en-US')

    options.log(`delta: write ${label} rows, ${runs} runs each`)
    const write = await measurePair(
      runs,
      async (run) => {
        const sample = await op('delta-write', tableOf(run))
        dropUnlessLast(run, tableOf(run))
        return sample
      },
      async (run) => {
        const sample = await op('parquet-write', fileOf(run))
        dropUnlessLast(run, fileOf(run))
        return sample
      },
    )
    options.log('delta: read back (aggregate over every column)')
    const counts: unknown[] = []
    const agg = await measurePair(
      runs,
      async () => {
        const s = await op('delta-read-agg', tableOf(last))
        counts.push(firstCell(s.result))
        return s
      },
      async () => {
        const s = await op('parquet-read-agg', fileOf(last))
        counts.push(firstCell(s.result))
        return s
      },
    )
    if (new Set(counts.map(String)).size !== 1 || String(counts[0]) !== String(rows)) {
      throw new Error(`bench delta: read-back counts ${counts.join(', ')} differ from ${rows}.`)
    }
    options.log('delta: read back (full scan into a temp table)')
    const scan = await measurePair(
      runs,
      () => op('delta-read-scan', tableOf(last)),
      () => op('parquet-read-scan', fileOf(last)),
    )
    // A parquet write variant against plain COPY, each into a file of its own that is dropped after.
    const againstPlainCopy = (variant: DeltaOp) => {
      const writeOnce = (name: DeltaOp) => async (run: number) => {
        const target = path.join(dir, `${variant}-${name}-${run}.parquet`)
        const sample = await op(name, target)
        rmSync(target, { force: true })
        return sample
      }
      return measurePair(runs, writeOnce(variant), writeOnce('parquet-write'))
    }
    options.log('delta: diagnostic, COPY with RETURN_STATS vs plain COPY')
    const stats = await againstPlainCopy('parquet-write-stats')
    options.log('delta: diagnostic, plain COPY then fsync vs plain COPY')
    const durable = await againstPlainCopy('parquet-write-fsync')
    rmSync(dir, { recursive: true, force: true })

    const result: Row[] = [
      pairRow({
        figure: `Delta write: DeltaTable.overwrite of ${label} rows (new table)`,
        candidate: write.candidate,
        baseline: write.baseline,
        baselineName: "DuckDB `COPY (query) TO 'x.parquet' (FORMAT parquet)`",
        maxRatio: 1.2,
        target: '≤ 1.2x',
        notes:
          'in-process time of the write, with the fsync of its data file and commit (the baseline syncs nothing: see the fsync diagnostic below); RSS of the whole worker process',
      }),
      pairRow({
        figure: `Delta read: loadSnapshot + relationSql, aggregate over every column of ${label} rows`,
        candidate: agg.candidate,
        baseline: agg.baseline,
        baselineName: '`read_parquet` of the same rows, same aggregate',
        maxRatio: 1.2,
        target: '≤ 1.2x',
        notes: 'counts checked equal',
      }),
      pairRow({
        figure: `Delta read: full scan of ${label} rows into a temp table`,
        candidate: scan.candidate,
        baseline: scan.baseline,
        baselineName: '`create temp table as select * from read_parquet(...)`',
        maxRatio: 1.2,
        target: '≤ 1.2x',
      }),
      pairRow({
        figure: `Diagnostic: plain COPY with COMPRESSION snappy, RETURN_STATS (${label} rows)`,
        candidate: stats.candidate,
        baseline: stats.baseline,
        baselineName: 'plain COPY (FORMAT parquet)',
        target: 'none (explains the write ratio)',
        notes: 'RETURN_STATS is what the Delta writer adds to the COPY',
      }),
      pairRow({
        figure: `Diagnostic: plain COPY, then fsync of the file (${label} rows)`,
        candidate: durable.candidate,
        baseline: durable.baseline,
        baselineName: 'plain COPY (FORMAT parquet)',
        target: 'none (explains the write ratio)',
        notes:
          'the Delta writer fsyncs its data files before the commit that points at them, so a machine crash cannot leave a commit over unwritten data; plain COPY leaves them to the page cache',
      }),
    ]
    return {
      id: 'delta',
      title: this.title,
      machine: options.machine,
      load: `${loadBefore} before, ${options.loadNow()} after`,
      rows: result,
    }
  },
}

function firstCell(result: unknown): unknown {
  return Array.isArray(result) && Array.isArray(result[0]) ? result[0][0] : undefined
}
