import { appendFileSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type GenerateSummary, generateData } from '../../assets/generator/generate-data.js'
import definitions from '../../assets/index.js'
import type { AssetKey } from '../../framework/index.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { failures, openTestPipeline, type TestPipeline } from './pipeline-harness.js'

const BRONZE: AssetKey[] = [
  'bronze/feature_releases',
  'bronze/user_signups',
  'bronze/feature_usage_events',
  'bronze/conversions',
]

/** Non-blank records of every raw file, counted straight from the files. */
function rawRecordCounts(raw: string): Map<string, number> {
  const counts = new Map<string, number>()
  const releases = JSON.parse(readFileSync(join(raw, 'feature_releases.json'), 'utf8')) as unknown[]
  counts.set('raw/feature_releases.json', releases.length)
  const lines = (path: string) =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '').length
  for (const name of ['user_signups.jsonl', 'conversions.jsonl'])
    counts.set(`raw/${name}`, lines(join(raw, name)))
  for (const name of readdirSync(join(raw, 'feature_usage_events'))) {
    counts.set(`raw/feature_usage_events/${name}`, lines(join(raw, 'feature_usage_events', name)))
  }
  return counts
}

describe('bronze ingestion', () => {
  const temp = makeTempDir('plg-bronze-')
  const raw = join(temp.dir, 'raw')
  let pipeline: TestPipeline
  let summary: GenerateSummary

  const perFile = async () => {
    const landed = new Map<string, number>()
    for (const key of BRONZE) {
      for (const row of await pipeline.rows<{ _source_file: string }>(key)) {
        landed.set(row._source_file, (landed.get(row._source_file) ?? 0) + 1)
      }
    }
    const quarantined = new Map<string, number>()
    for (const key of BRONZE) {
      for (const row of await pipeline.companionRows<{ source_file: string }>(key, 'quarantine')) {
        quarantined.set(row.source_file, (quarantined.get(row.source_file) ?? 0) + 1)
      }
    }
    return { landed, quarantined }
  }
  const versions = async () =>
    Promise.all(
      BRONZE.flatMap((key) => [
        pipeline.storageVersion(key),
        pipeline.storageVersion(`bronze/_quarantine/${key.slice(7)}` as AssetKey),
      ]),
    )

  beforeAll(async () => {
    summary = await generateData({ users: 150, days: 10, seed: 3, dirty: true, out: raw })
    pipeline = await openTestPipeline(temp.dir, definitions)
    expect(failures(await pipeline.run(BRONZE))).toEqual([])
  }, 60_000)
  afterAll(async () => {
    await pipeline?.close()
    temp.remove()
  })

  it('accounts for every record of every raw file: bronze rows + quarantine rows', async () => {
    const { landed, quarantined } = await perFile()
    const raw = rawRecordCounts(join(temp.dir, 'raw'))
    expect(raw.size).toBeGreaterThan(10)
    for (const [file, records] of raw) {
      expect(`${file}: ${(landed.get(file) ?? 0) + (quarantined.get(file) ?? 0)}`).toBe(
        `${file}: ${records}`,
      )
    }
    // Exactly the records the generator broke are quarantined, no more, no fewer.
    const broken = Object.values(summary.dirty.invalid).reduce((a, b) => a + b, 0)
    expect([...quarantined.values()].reduce((a, b) => a + b, 0)).toBe(broken)
  })

  it('says in each quarantined row which file, which line and what is wrong', async () => {
    const rows = await pipeline.companionRows<{
      source_file: string
      line_number: number
      raw_text: string
      reason: string
    }>('bronze/user_signups', 'quarantine')
    expect(rows.length).toBeGreaterThan(0)
    // The signups file has a blank line mid-file: line numbers must still be the editor's.
    const lines = readFileSync(join(raw, 'user_signups.jsonl'), 'utf8').split('\n')
    expect(lines.indexOf('')).toBeLessThan(lines.length - 1)
    for (const row of rows) {
      expect(row.source_file).toBe('raw/user_signups.jsonl')
      expect(lines[row.line_number - 1]).toBe(row.raw_text)
      expect(row.reason).toMatch(/not valid JSON|required field|must be/)
    }
  })

  it('adds nothing when run again over the same files: no new table version', async () => {
    const before = await versions()
    const rowsBefore = await pipeline.rows('bronze/feature_usage_events')
    expect(failures(await pipeline.run(BRONZE))).toEqual([])
    expect(await versions()).toEqual(before)
    expect((await pipeline.rows('bronze/feature_usage_events')).length).toBe(rowsBefore.length)
  })

  it('ingests only new files, in one commit per table, and replaces the rows of a changed file', async () => {
    const before = await perFile()
    const eventsVersion = await pipeline.storageVersion('bronze/feature_usage_events')
    const signupsVersion = await pipeline.storageVersion('bronze/user_signups')
    const newDay = join(raw, 'feature_usage_events', '2099-01-01.jsonl')
    const event = {
      event_id: 'late-1',
      user_id: 'u_000001',
      feature_id: 'f_001',
      feature_name: 'real_time_collab',
      event_type: 'cursor_shared',
      event_timestamp: '2099-01-01T10:00:00Z',
    }
    writeFileSync(
      newDay,
      `${JSON.stringify(event)}\n${JSON.stringify({ ...event, event_id: 'late-2' })}\n`,
    )
    // A second new file, with one bad line: still one commit per table for the whole run.
    writeFileSync(
      join(raw, 'feature_usage_events', '2099-01-02.jsonl'),
      `${JSON.stringify({ ...event, event_id: 'late-3', event_timestamp: '2099-01-02T08:00:00Z' })}\n{"event_id": \n`,
    )
    const eventsQuarantineVersion = await pipeline.storageVersion(
      'bronze/_quarantine/feature_usage_events',
    )
    const conversionsVersion = await pipeline.storageVersion('bronze/conversions')
    const signups = join(raw, 'user_signups.jsonl')
    appendFileSync(
      signups,
      `${JSON.stringify({ user_id: 'u_new', email: 'new@example.com', signup_date: '2024-01-05', company_size: '1-10', industry: 'software' })}\n`,
    )
    utimesSync(signups, new Date(), new Date(Date.now() + 60_000))

    expect(failures(await pipeline.run(BRONZE))).toEqual([])
    const after = await perFile()
    expect(after.landed.get('raw/feature_usage_events/2099-01-01.jsonl')).toBe(2)
    expect(after.landed.get('raw/feature_usage_events/2099-01-02.jsonl')).toBe(1)
    expect(after.quarantined.get('raw/feature_usage_events/2099-01-02.jsonl')).toBe(1)
    expect(await pipeline.storageVersion('bronze/_quarantine/feature_usage_events')).toBe(
      (eventsQuarantineVersion ?? 0) + 1,
    )
    expect(after.landed.get('raw/user_signups.jsonl')).toBe(
      (before.landed.get('raw/user_signups.jsonl') ?? 0) + 1,
    )
    expect(after.quarantined.get('raw/user_signups.jsonl')).toBe(
      before.quarantined.get('raw/user_signups.jsonl'),
    )
    expect(await pipeline.storageVersion('bronze/feature_usage_events')).toBe(
      (eventsVersion ?? 0) + 1,
    )
    expect(await pipeline.storageVersion('bronze/user_signups')).toBe((signupsVersion ?? 0) + 1)
    expect(await pipeline.storageVersion('bronze/conversions')).toBe(conversionsVersion)
  })
})
