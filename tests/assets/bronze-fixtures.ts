import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Raw files small enough to reason about by hand, with one bad record of each kind where marked. */
export function writeRawFixtures(dataDir: string): void {
  const raw = join(dataDir, 'raw')
  mkdirSync(join(raw, 'feature_usage_events'), { recursive: true })
  writeFileSync(
    join(raw, 'feature_releases.json'),
    JSON.stringify(
      [
        {
          feature_id: 'f_001',
          feature_name: 'real_time_collab',
          release_date: '2023-12-01',
          version: '1.0',
        },
        {
          feature_id: 'f_001',
          feature_name: 'real_time_collab',
          release_date: '2024-01-10',
          version: '1.1',
        },
        {
          feature_id: 'f_002',
          feature_name: 'dark_mode',
          release_date: '2023-06-01',
          version: '1.0',
          is_enabled: true,
        },
        {
          feature_id: 'f_003',
          feature_name: 'templates',
          release_date: '2024-01-05',
          version: '1.0',
        },
        {
          feature_id: 'f_003',
          feature_name: 'templates',
          release_date: '2024-01-20',
          version: '1.1',
          is_enabled: false,
        },
      ],
      null,
      2,
    ),
  )
  const lines = (rows: readonly unknown[]) =>
    `${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')}\n`
  const signup = (id: string, date: string) => ({
    user_id: id,
    email: `${id}@example.com`,
    signup_date: date,
    company_size: '11-50',
    industry: 'saas',
  })
  writeFileSync(
    join(raw, 'user_signups.jsonl'),
    lines([
      signup('u1', '2024-01-01'),
      signup('u2', '2024-01-02'),
      '',
      signup('u3', '2024-01-03'),
      '{"user_id": "u4", "email": "u4@example.com"', // not JSON
      { ...signup('u5', '2024-01-03'), signup_date: '2024-02-30' }, // no such date
      signup('u1', '2024-01-01'), // duplicate, kept in bronze
    ]),
  )
  writeFileSync(
    join(raw, 'conversions.jsonl'),
    lines([
      {
        user_id: 'u1',
        conversion_date: '2024-01-20',
        plan: 'pro',
        mrr: 49,
        signup_date: '2024-01-01',
        days_to_convert: 19,
        used_real_time_collab: true,
      },
      {
        user_id: 'u2',
        conversion_date: '2024-01-25',
        plan: 'team',
        mrr: 99.5,
        signup_date: '2024-01-02',
        days_to_convert: 23,
        used_real_time_collab: false,
      },
      {
        user_id: 'u3',
        conversion_date: '2024-01-26',
        plan: 'team',
        mrr: 'abc',
        signup_date: '2024-01-03',
        days_to_convert: 23,
        used_real_time_collab: false,
      }, // wrong type
      {
        user_id: null,
        conversion_date: '2024-01-26',
        plan: 'team',
        mrr: 10,
        signup_date: '2024-01-03',
        days_to_convert: 23,
        used_real_time_collab: false,
      }, // null id
    ]),
  )
  const event = (id: string, user: string, feature: string, ts: string) => ({
    event_id: id,
    user_id: user,
    feature_id: feature,
    feature_name: feature === 'f_001' ? 'real_time_collab' : 'dark_mode',
    event_type: 'used',
    event_timestamp: ts,
  })
  writeFileSync(
    join(raw, 'feature_usage_events', '2024-01-02.jsonl'),
    lines([
      event('e1', 'u1', 'f_001', '2024-01-02T10:00:00Z'),
      event('e2', 'u2', 'f_002', '2024-01-02T23:30:00-02:00'),
      event('e1', 'u1', 'f_001', '2024-01-02T10:00:00Z'),
    ]),
  )
  writeFileSync(
    join(raw, 'feature_usage_events', '2024-01-03.jsonl'),
    lines([
      event('e3', 'u1', 'f_001', '2024-01-03T09:00:00+01:00'),
      { ...event('e4', 'u3', 'f_001', '2024-01-03T09:00:00Z'), feature_id: ['f_001'] },
      event('e5', 'u3', 'f_002', '2024-01-03T25:61:00Z'),
    ]),
  )
}
