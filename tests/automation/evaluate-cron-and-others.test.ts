import { describe, expect, it } from 'vitest'
import { anyOf, codeVersionChanged, newSourceFiles } from '../../framework/automation/condition.js'
import { evaluate } from '../../framework/automation/evaluate.js'
import { eager, onCron, onMissing } from '../../framework/automation/policies.js'
import { chain, FakeState } from './fixture.js'

const at = (iso: string) => new Date(iso)
const T0 = '2026-03-01T00:00:00.000Z'

describe('onCron()', () => {
  const definitions = chain({ bronze: onCron('@daily') })

  it('does not fire for a tick before the daemon first saw the asset', () => {
    const facts = new FakeState().allBuilt('r1', T0)
    const first = evaluate(definitions, facts.state, at('2026-03-01T10:00:00.000Z'))
    expect(first.requested).toEqual([])
    expect(first.evaluations.get('bronze/events')?.condition.children?.[0]).toMatchObject({
      label: 'cron tick passed (@daily)',
      value: false,
    })
  })

  it('fires once per tick: true after the tick, false once handled, true at the next tick', () => {
    const facts = new FakeState().allBuilt('r1', T0)
    facts.apply(evaluate(definitions, facts.state, at('2026-03-01T10:00:00.000Z')).cursors)
    const beforeTick = evaluate(definitions, facts.state, at('2026-03-01T23:59:59.999Z'))
    expect(beforeTick.requested).toEqual([])
    const afterTick = evaluate(definitions, facts.state, at('2026-03-02T00:00:00.000Z'))
    expect(afterTick.requested).toEqual(['bronze/events'])
    expect(afterTick.evaluations.get('bronze/events')?.condition.children?.[0]).toEqual({
      label: 'cron tick passed (@daily)',
      value: true,
      detail: 'tick 2026-03-02T00:00:00.000Z not yet handled',
    })
    facts.apply(afterTick.cursors)
    expect(evaluate(definitions, facts.state, at('2026-03-02T08:00:00.000Z')).requested).toEqual([])
    expect(evaluate(definitions, facts.state, at('2026-03-03T00:00:01.000Z')).requested).toEqual([
      'bronze/events',
    ])
  })

  it('waits until every upstream asset was materialized since the tick', () => {
    const silverDaily = chain({ silver: onCron('@daily') })
    const facts = new FakeState().allBuilt('r1', T0)
    facts.apply(evaluate(silverDaily, facts.state, at('2026-03-01T10:00:00.000Z')).cursors)
    const waiting = evaluate(silverDaily, facts.state, at('2026-03-02T01:00:00.000Z'))
    expect(waiting.requested).toEqual([])
    expect(waiting.evaluations.get('silver/events')?.condition.children?.[1]).toEqual({
      label: 'all upstreams updated since cron tick (@daily)',
      value: false,
      detail: 'not updated since 2026-03-02T00:00:00.000Z: bronze/events',
    })
    facts.materialize('bronze/events', ['raw/events'], '2026-03-02T00:30:00.000Z')
    expect(evaluate(silverDaily, facts.state, at('2026-03-02T01:00:00.000Z')).requested).toEqual([
      'silver/events',
    ])
  })

  it('reads the expression in the given time zone', () => {
    const paris = chain({ bronze: onCron('0 6 * * *', { timezone: 'Europe/Paris' }) })
    const facts = new FakeState().allBuilt('r1', T0)
    facts.apply(evaluate(paris, facts.state, at('2026-03-01T10:00:00.000Z')).cursors)
    // 06:00 in Paris is 05:00 UTC in winter.
    expect(evaluate(paris, facts.state, at('2026-03-02T04:59:00.000Z')).requested).toEqual([])
    expect(evaluate(paris, facts.state, at('2026-03-02T05:00:00.000Z')).requested).toEqual([
      'bronze/events',
    ])
  })

  it('rejects an invalid expression or time zone when the asset is defined', () => {
    expect(() => onCron('61 * * * *')).toThrow(
      expect.objectContaining({ code: 'DEFINITION_INVALID' }),
    )
    expect(() => onCron('@daily', { timezone: 'Mars/Olympus' })).toThrow(
      expect.objectContaining({ code: 'DEFINITION_INVALID' }),
    )
  })

  it('a cron run with unchanged inputs brings no new data to an eager downstream', () => {
    const cronThenEager = chain({ bronze: onCron('@daily'), silver: eager() })
    const facts = new FakeState().allBuilt('r1', T0)
    facts.apply(evaluate(cronThenEager, facts.state, at('2026-03-01T10:00:00.000Z')).cursors)
    // Bronze's next logical version is its current one: silver has nothing new to read.
    expect(evaluate(cronThenEager, facts.state, at('2026-03-02T00:00:00.000Z')).requested).toEqual([
      'bronze/events',
    ])
    // With new raw data, bronze's next version differs and silver joins the run.
    facts.observe('raw/events', 'r2')
    expect(evaluate(cronThenEager, facts.state, at('2026-03-02T00:00:00.000Z')).requested).toEqual([
      'bronze/events',
      'silver/events',
    ])
  })
})

describe('anyOf(onCron(...), newSourceFiles())', () => {
  const definitions = chain({ bronze: anyOf(onCron('@daily'), newSourceFiles()) })

  it('requests on new raw files between ticks, and on the tick without them', () => {
    const facts = new FakeState().allBuilt('r1', T0)
    facts.apply(evaluate(definitions, facts.state, at('2026-03-01T10:00:00.000Z')).cursors)
    expect(evaluate(definitions, facts.state, at('2026-03-01T11:00:00.000Z')).requested).toEqual([])
    facts.observe('raw/events', 'r2')
    const onFiles = evaluate(definitions, facts.state, at('2026-03-01T11:00:00.000Z'))
    expect(onFiles.requested).toEqual(['bronze/events'])
    expect(onFiles.evaluations.get('bronze/events')?.condition).toMatchObject({
      label: 'any of',
      value: true,
      children: [
        { label: 'on cron @daily', value: false },
        { label: 'new source files', value: true, detail: 'new data from raw/events' },
      ],
    })
    facts.apply(onFiles.cursors)
    facts.materialize('bronze/events', ['raw/events'], '2026-03-01T11:00:05.000Z')
    expect(evaluate(definitions, facts.state, at('2026-03-01T12:00:00.000Z')).requested).toEqual([])
    expect(evaluate(definitions, facts.state, at('2026-03-02T00:00:00.000Z')).requested).toEqual([
      'bronze/events',
    ])
  })

  it('a change of an upstream asset is not new source files', () => {
    const silverOnFiles = chain({ silver: newSourceFiles() })
    const facts = new FakeState().allBuilt('r1', T0)
    facts.materialize('bronze/events', ['raw/events'], T0, '2')
    expect(evaluate(silverOnFiles, facts.state, at('2026-03-01T10:00:00.000Z')).requested).toEqual(
      [],
    )
  })
})

describe('onMissing()', () => {
  const definitions = chain({ gold: onMissing() })

  it('requests a missing asset once its upstreams are present and fresh', () => {
    const facts = new FakeState().allBuilt('r1', T0)
    facts.materializations.delete('gold/summary')
    expect(evaluate(definitions, facts.state, at(T0)).requested).toEqual(['gold/summary'])
    facts.materializations.delete('bronze/users')
    const waiting = evaluate(definitions, facts.state, at(T0))
    expect(waiting.requested).toEqual([])
    expect(waiting.evaluations.get('gold/summary')?.condition.children?.[2]).toMatchObject({
      value: false,
      children: [{ value: true, detail: 'bronze/users is missing' }],
    })
  })

  it('is false for a materialized asset, whatever its upstreams do', () => {
    const facts = new FakeState().allBuilt('r1', T0).observe('raw/events', 'r2')
    expect(evaluate(definitions, facts.state, at(T0)).requested).toEqual([])
  })
})

describe('codeVersionChanged()', () => {
  it('requests an asset whose code version moved, once', () => {
    const definitions = chain({ silver: codeVersionChanged(), silverCode: '2' })
    const facts = new FakeState().allBuilt('r1', T0)
    const first = evaluate(definitions, facts.state, at(T0))
    expect(first.requested).toEqual(['silver/events'])
    expect(first.evaluations.get('silver/events')?.condition).toEqual({
      label: 'code version changed',
      value: true,
      detail: 'code version 1 → 2',
    })
    facts.apply(first.cursors)
    expect(evaluate(definitions, facts.state, at(T0)).requested).toEqual([])
  })

  it('is false when the code version is the one materialized', () => {
    const definitions = chain({ silver: codeVersionChanged() })
    const facts = new FakeState().allBuilt('r1', T0)
    expect(evaluate(definitions, facts.state, at(T0)).requested).toEqual([])
  })
})
