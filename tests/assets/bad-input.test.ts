import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import definitions from '../../assets/index.js'
import type { AssetKey } from '../../framework/index.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { writeRawFixtures } from './bronze-fixtures.js'
import { failures, openTestPipeline, type TestPipeline } from './pipeline-harness.js'

const BRONZE = ['feature_releases', 'user_signups', 'feature_usage_events', 'conversions']
const TABLES = BRONZE.flatMap((n) => [`bronze/${n}`, `bronze/_quarantine/${n}`]) as AssetKey[]

// Each case breaks one raw file after a good run, materializes, and expects a message naming the
// file and line while every bronze table (and quarantine) stays at its last good version.
describe('bad raw input', () => {
  const temp = makeTempDir('plg-bad-')
  const raw = join(temp.dir, 'raw')
  let pipeline: TestPipeline
  let good: (number | null)[]
  const versions = () => Promise.all(TABLES.map((key) => pipeline.storageVersion(key)))
  const write = (file: string, content: string | Buffer) => {
    writeFileSync(join(raw, file), content)
    utimesSync(join(raw, file), new Date(), new Date(Date.now() + 60_000 + Math.random() * 1000))
  }
  /** Breaks `file`, runs `key`, restores the file; returns the step's error message. */
  const breakAndRun = async (key: AssetKey, file: string, content: string | Buffer | null) => {
    const original = existsSync(join(raw, file)) ? readFileSync(join(raw, file)) : undefined
    if (content === null) rmSync(join(raw, file))
    else write(file, content)
    try {
      const result = await pipeline.run([key])
      expect(await versions()).toEqual(good)
      return failures(result).join('\n')
    } finally {
      if (original === undefined) rmSync(join(raw, file))
      else write(file, original)
    }
  }

  beforeAll(async () => {
    writeRawFixtures(temp.dir)
    pipeline = await openTestPipeline(temp.dir, definitions)
    expect(failures(await pipeline.run(BRONZE.map((n) => `bronze/${n}` as AssetKey)))).toEqual([])
    good = await versions()
  }, 30_000)
  afterAll(async () => {
    await pipeline?.close()
    temp.remove()
  })

  it('a malformed file: names the line where the JSON breaks', async () => {
    const message = await breakAndRun(
      'bronze/feature_releases',
      'feature_releases.json',
      '[\n  {"feature_id": "f_001"},\n  {"feature_id" "f_002"}\n]\n',
    )
    expect(message).toContain('raw/feature_releases.json line 3: the file is not valid JSON')
    expect(message).toMatch(/Fix the JSON at that line/)
    // The input is at fault, not the asset's code: the retry advice must not say otherwise.
    expect(message).not.toContain('Fix the asset')
    expect(message).toContain('Once that is fixed, run `medallion materialize --select key:')
  })

  it('a file that is JSON but not the expected array: names line 1', async () => {
    const message = await breakAndRun(
      'bronze/feature_releases',
      'feature_releases.json',
      '{"feature_id": "f_001"}',
    )
    expect(message).toContain(
      'raw/feature_releases.json line 1: the file holds a JSON object, not an array',
    )
  })

  it('a missing file: names the path and how to produce it', async () => {
    const message = await breakAndRun('bronze/user_signups', 'user_signups.jsonl', null)
    expect(message).toMatch(/raw\/user_signups\.jsonl does not exist/)
    expect(message).toContain('npm run generate-data')
  })

  it('a field of the wrong type: the record is quarantined with file, line and reason; the rest lands', async () => {
    const rows = await pipeline.companionRows<{
      source_file: string
      line_number: number
      reason: string
    }>('bronze/conversions', 'quarantine', 'line_number')
    expect(rows).toContainEqual(
      expect.objectContaining({
        source_file: 'raw/conversions.jsonl',
        line_number: 3,
        reason: 'field "mrr" must be a number, got "abc"',
      }),
    )
    expect((await pipeline.rows('bronze/conversions')).length).toBe(2)
  })

  it('an emptied file: refuses to wipe what it held, names line 1', async () => {
    const message = await breakAndRun('bronze/conversions', 'conversions.jsonl', '')
    expect(message).toContain(
      'raw/conversions.jsonl line 1: the file is empty, but it held records when it was last ingested',
    )
  })

  it('a file that is not UTF-8: names the first bad line', async () => {
    const lines = readFileSync(join(raw, 'user_signups.jsonl'), 'latin1').split('\n')
    lines[1] = (lines[1] ?? '').replace('saas', 'saa\xe9s')
    const message = await breakAndRun(
      'bronze/user_signups',
      'user_signups.jsonl',
      Buffer.from(lines.join('\n'), 'latin1'),
    )
    expect(message).toContain('raw/user_signups.jsonl line 2: the file is not UTF-8 text')
    expect(message).toContain('iconv')
  })

  it('a bad new file among good ones: none of them is ingested', async () => {
    const good1 = join('feature_usage_events', '2024-01-04.jsonl')
    write(
      good1,
      `${readFileSync(join(raw, 'feature_usage_events', '2024-01-02.jsonl'), 'utf8').replaceAll('"e1"', '"e9"')}`,
    )
    try {
      const message = await breakAndRun(
        'bronze/feature_usage_events',
        join('feature_usage_events', '2024-01-05.jsonl'),
        Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
      )
      expect(message).toContain(
        'raw/feature_usage_events/2024-01-05.jsonl line 1: the file is not UTF-8 text',
      )
    } finally {
      rmSync(join(raw, good1))
    }
  })
})
