import { describe, expect, it } from 'vitest'
import { evaluate } from '../../framework/automation/evaluate.js'
import { eager } from '../../framework/automation/policies.js'
import { chain, FakeState } from './fixture.js'

const T0 = '2026-03-01T00:00:00.000Z'
const now = new Date('2026-03-01T12:00:00.000Z')
const everyEager = chain({ bronze: eager(), silver: eager(), gold: eager() })

describe('eager()', () => {
  it('requests every missing asset, upstream first, as one run', () => {
    const facts = new FakeState().observe('raw/events', 'r1')
    facts.materialize('bronze/users', [], T0)
    const result = evaluate(everyEager, facts.state, now)
    expect(result.requested).toEqual(['bronze/events', 'silver/events', 'gold/summary'])
    expect(result.evaluations.get('bronze/events')?.condition).toMatchObject({
      label: 'eager',
      value: true,
      children: [
        { label: 'any of', value: true, children: [{ label: 'missing', value: true }, {}] },
        {},
        {},
      ],
    })
  })

  it('requests nothing when everything was built from the current versions', () => {
    const facts = new FakeState().allBuilt('r1', T0)
    const result = evaluate(everyEager, facts.state, now)
    expect(result.requested).toEqual([])
    expect([...result.evaluations.values()].map((e) => e.outcome)).toEqual([
      'false',
      'false',
      'false',
    ])
  })

  it('a changed source requests bronze, and its eager downstream joins the same run', () => {
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    const result = evaluate(everyEager, facts.state, now)
    expect(result.requested).toEqual(['bronze/events', 'silver/events', 'gold/summary'])
    const silver = result.evaluations.get('silver/events')?.condition
    expect(silver?.children?.[0]?.children?.[1]).toEqual({
      label: 'new upstream data',
      value: true,
      detail: 'new data from bronze/events',
    })
  })

  it('the same upstream change does not request twice (the cursor handled it)', () => {
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    const first = evaluate(everyEager, facts.state, now)
    facts.apply(first.cursors)
    // The run has not materialized anything yet (and is no longer in progress): nothing new.
    const second = evaluate(everyEager, facts.state, now)
    expect(second.requested).toEqual([])
    expect(second.evaluations.get('bronze/events')?.outcome).toBe('false')
    // A further change is new again.
    facts.observe('raw/events', 'r3')
    expect(evaluate(everyEager, facts.state, now).requested).toContain('bronze/events')
  })

  it('waits while an upstream is being materialized', () => {
    const facts = new FakeState().allBuilt('r1', T0)
    facts.materialize('bronze/users', [], '2026-03-01T01:00:00.000Z', '2')
    facts.inProgress.add('silver/events')
    const result = evaluate(chain({ gold: eager() }), facts.state, now)
    expect(result.requested).toEqual([])
    const gold = result.evaluations.get('gold/summary')?.condition
    expect(gold?.children?.[0]?.value).toBe(true)
    expect(gold?.children?.[1]).toMatchObject({
      label: 'not',
      value: false,
      children: [
        { label: 'upstream in progress', value: true, detail: 'being materialized: silver/events' },
      ],
    })
  })

  it('waits while an upstream is stale and not requested in this tick', () => {
    // Bronze has no policy: the raw change leaves it stale, and silver must not build on it.
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    const result = evaluate(chain({ silver: eager() }), facts.state, now)
    expect(result.requested).toEqual([])
    expect(result.evaluations.get('silver/events')?.condition.children?.[2]).toMatchObject({
      value: false,
      children: [
        { label: 'upstream stale or missing', value: true, detail: 'bronze/events is stale' },
      ],
    })
  })

  it('an asset being materialized is not requested again; its outcome says why', () => {
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    facts.inProgress.add('bronze/events')
    const result = evaluate(chain({ bronze: eager() }), facts.state, now)
    expect(result.requested).toEqual([])
    expect(result.evaluations.get('bronze/events')).toMatchObject({
      outcome: 'in_progress',
      condition: { value: true },
    })
  })

  it('an asset switched off is evaluated but not requested', () => {
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    facts.disabled.add('bronze/events')
    const result = evaluate(chain({ bronze: eager(), silver: eager() }), facts.state, now)
    expect(result.requested).toEqual([])
    expect(result.evaluations.get('bronze/events')?.outcome).toBe('disabled')
    expect(result.evaluations.get('silver/events')?.outcome).toBe('false')
  })

  it('a missing asset requested once is not requested again until it is materialized', () => {
    const facts = new FakeState().observe('raw/events', 'r1')
    const definitions = chain({ bronze: eager() })
    facts.apply(evaluate(definitions, facts.state, now).cursors)
    expect(evaluate(definitions, facts.state, now).requested).toEqual([])
    // Materialized, then wiped: missing again, so requested again.
    facts.materialize('bronze/events', ['raw/events'], T0)
    facts.apply(evaluate(definitions, facts.state, now).cursors)
    facts.materializations.delete('bronze/events')
    expect(evaluate(definitions, facts.state, now).requested).toEqual(['bronze/events'])
  })

  it('evaluations are plain JSON', () => {
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    const result = evaluate(everyEager, facts.state, now)
    const gold = result.evaluations.get('gold/summary')
    expect(JSON.parse(JSON.stringify(gold))).toEqual(gold)
  })
})
