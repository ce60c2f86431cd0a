import { cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import definitions from '../../assets/index.js'
import type { AssetKey } from '../../framework/index.js'
import { makeTempDir } from '../helpers/temp-dir.js'
import { writeRawFixtures } from './bronze-fixtures.js'
import { failures, openTestPipeline, type TestPipeline } from './pipeline-harness.js'

const KEYS: AssetKey[] = ['bronze/feature_releases', 'silver/feature_states']
const STATES = 'silver/feature_states'
const ORDER = 'feature_id, effective_from'

interface State {
  feature_id: string
  version: string
  is_enabled: boolean
  effective_from: Date
  effective_to: Date
  is_current: boolean
}
const brief = (rows: State[]) =>
  rows.map(
    (r) =>
      `${r.feature_id} ${r.version} ${r.is_enabled} ${r.effective_from.toISOString().slice(0, 10)}..${r.effective_to.toISOString().slice(0, 10)}${r.is_current ? ' current' : ''}`,
  )

describe('silver/feature_states (SCD Type 2)', () => {
  const temp = makeTempDir('plg-scd-')
  const releasesFile = join(temp.dir, 'live', 'raw', 'feature_releases.json')
  let live: TestPipeline

  beforeAll(async () => {
    writeRawFixtures(join(temp.dir, 'live'))
    live = await openTestPipeline(join(temp.dir, 'live'), definitions)
    expect(failures(await live.run(KEYS))).toEqual([])
  }, 30_000)
  afterAll(async () => {
    await live?.close()
    temp.remove()
  })

  it('keeps one row per state, closed where the next one starts', async () => {
    expect(brief(await live.rows<State>(STATES, ORDER))).toEqual([
      'f_001 1.0 true 2023-12-01..2024-01-10',
      'f_001 1.1 true 2024-01-10..9999-12-31 current',
      'f_002 1.0 true 2023-06-01..9999-12-31 current',
      'f_003 1.0 true 2024-01-05..2024-01-20',
      'f_003 1.1 false 2024-01-20..9999-12-31 current',
    ])
  })

  it('changes nothing, and commits nothing, when bronze is unchanged', async () => {
    const version = await live.storageVersion(STATES)
    const rows = await live.rows(STATES, ORDER)
    // Touch the raw file so bronze re-ingests the same records: silver sees new bronze, same history.
    utimesSync(releasesFile, new Date(), new Date(Date.now() + 60_000))
    expect(failures(await live.run(KEYS))).toEqual([])
    expect(await live.storageVersion(STATES)).toBe(version)
    expect(await live.rows(STATES, ORDER)).toEqual(rows)
  })

  it('applies late and new releases in one MERGE commit, equal to the history rebuilt from scratch', async () => {
    const releases = JSON.parse(readFileSync(releasesFile, 'utf8')) as object[]
    releases.push(
      // Late: dated between two states of f_001, so 1.0 closes earlier and 1.0.5 sits between.
      {
        feature_id: 'f_001',
        feature_name: 'real_time_collab',
        release_date: '2023-12-20',
        version: '1.0.5',
      },
      // Late and the same state as f_002's first: the state just starts earlier.
      {
        feature_id: 'f_002',
        feature_name: 'dark_mode',
        release_date: '2023-01-01',
        version: '1.0',
      },
      // On time: f_003 comes back enabled.
      {
        feature_id: 'f_003',
        feature_name: 'templates',
        release_date: '2024-02-01',
        version: '1.2',
        is_enabled: true,
      },
    )
    writeFileSync(releasesFile, JSON.stringify(releases))
    utimesSync(releasesFile, new Date(), new Date(Date.now() + 120_000))
    const version = (await live.storageVersion(STATES)) as number
    expect(failures(await live.run(KEYS))).toEqual([])
    expect(await live.storageVersion(STATES)).toBe(version + 1)

    const merged = await live.rows<State>(STATES, ORDER)
    expect(brief(merged)).toEqual([
      'f_001 1.0 true 2023-12-01..2023-12-20',
      'f_001 1.0.5 true 2023-12-20..2024-01-10',
      'f_001 1.1 true 2024-01-10..9999-12-31 current',
      'f_002 1.0 true 2023-01-01..9999-12-31 current',
      'f_003 1.0 true 2024-01-05..2024-01-20',
      'f_003 1.1 false 2024-01-20..2024-02-01',
      'f_003 1.2 true 2024-02-01..9999-12-31 current',
    ])
    cpSync(join(temp.dir, 'live', 'raw'), join(temp.dir, 'fresh', 'raw'), { recursive: true })
    const fresh = await openTestPipeline(join(temp.dir, 'fresh'), definitions)
    try {
      expect(failures(await fresh.run(KEYS))).toEqual([])
      expect(await fresh.rows(STATES, ORDER)).toEqual(merged)
    } finally {
      await fresh.close()
    }
  })
})
