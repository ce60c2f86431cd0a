import { expect, it } from 'vitest'
import type { RunEvent } from '../../../framework/events/event-types.js'
import { evaluated, logged, materialized, observed, started } from '../event-fixtures.js'
import type { ContractContext } from '../instance-store.contract.js'

export function eventLogContract(context: () => ContractContext): void {
  it('appendEvents() returns increasing ids and runEvents() reads the events back unchanged', async () => {
    const { store } = context()
    const events = [started('r1'), materialized('r1', 'silver/a', 'v1'), logged('r1', 'done')]
    const ids = await store.appendEvents(events)
    const otherIds = await store.appendEvents([started('r2')])
    expect(ids).toHaveLength(3)
    expect([...ids, ...otherIds]).toEqual([...ids, ...otherIds].toSorted((a, b) => a - b))
    expect(new Set([...ids, ...otherIds]).size).toBe(4)
    expect(await store.runEvents('r1')).toEqual(events.map((event, i) => ({ id: ids[i], event })))
    expect(await store.appendEvents([])).toEqual([])
  })

  it('runEvents() with afterId returns only the later events of that run', async () => {
    const { store } = context()
    const [first] = await store.appendEvents([started('r1')])
    await store.appendEvents([started('r2')])
    await store.appendEvents([logged('r1', 'later')])
    const tail = await store.runEvents('r1', first)
    expect(tail.map((stored) => stored.event)).toMatchObject([{ type: 'log', message: 'later' }])
    expect(await store.runEvents('nope')).toEqual([])
  })

  it('a store opened on the same data sees what another appended', async () => {
    const { harness, store } = context()
    const other = await harness.open()
    await other.appendEvents([materialized('r1', 'silver/a', 'v1')])
    expect((await store.latestMaterializations()).get('silver/a')?.dataVersion).toBe('v1')
  })

  it('latestMaterializations() returns the newest materialization of each key asked for', async () => {
    const { store } = context()
    await store.appendEvents([
      materialized('r1', 'silver/a', 'a1'),
      materialized('r1', 'silver/b', 'b1'),
      observed('r1', 'bronze/raw', 'o1'),
    ])
    await store.appendEvents([materialized('r2', 'silver/a', 'a2'), logged('r2', 'x')])
    const versions = async (keys?: Parameters<typeof store.latestMaterializations>[0]) =>
      Object.fromEntries(
        [...(await store.latestMaterializations(keys))].map(([k, e]) => [k, e.dataVersion]),
      )
    expect(await versions()).toEqual({ 'silver/a': 'a2', 'silver/b': 'b1' })
    expect(await versions(['silver/a', 'gold/never', 'silver/a'])).toEqual({ 'silver/a': 'a2' })
    expect(await versions([])).toEqual({})
    const latest = (await store.latestMaterializations(['silver/b'])).get('silver/b')
    expect(latest).toEqual(expect.objectContaining({ runId: 'r1', metadata: { note: 'b1' } }))
  })

  it('latestObservations() returns the newest observation of each source', async () => {
    const { store } = context()
    await store.appendEvents([observed('r1', 'bronze/raw', 'o1'), observed('r1', 'bronze/x', 'x1')])
    await store.appendEvents([
      observed('r2', 'bronze/raw', 'o2'),
      materialized('r2', 'silver/a', 'a'),
    ])
    const all = await store.latestObservations()
    expect([...all.keys()].toSorted()).toEqual(['bronze/raw', 'bronze/x'])
    expect(all.get('bronze/raw')?.dataVersion).toBe('o2')
    const some = await store.latestObservations(['bronze/x', 'silver/a'])
    expect([...some.keys()]).toEqual(['bronze/x'])
  })

  it('latestCheckEvaluations() keeps the newest result of every check, keyed asset:check', async () => {
    const { store } = context()
    await store.appendEvents([
      evaluated('r1', 'silver/a', 'not_null', 'failed'),
      evaluated('r1', 'silver/a', 'unique', 'passed'),
      evaluated('r1', 'silver/b', 'not_null', 'passed'),
    ])
    await store.appendEvents([evaluated('r2', 'silver/a', 'not_null', 'passed')])
    const statuses = async (keys?: Parameters<typeof store.latestCheckEvaluations>[0]) =>
      Object.fromEntries(
        [...(await store.latestCheckEvaluations(keys))].map(([k, e]) => [k, e.status]),
      )
    expect(await statuses()).toEqual({
      'silver/a:not_null': 'passed',
      'silver/a:unique': 'passed',
      'silver/b:not_null': 'passed',
    })
    expect(await statuses(['silver/a'])).toEqual({
      'silver/a:not_null': 'passed',
      'silver/a:unique': 'passed',
    })
  })

  it('materializationHistory() and checkHistory() list newest first, up to the limit', async () => {
    const { store } = context()
    for (const v of ['v1', 'v2', 'v3']) {
      await store.appendEvents([
        materialized(v, 'silver/a', v),
        materialized(v, 'silver/b', v),
        evaluated(v, 'silver/a', 'not_null', v === 'v2' ? 'failed' : 'passed'),
        evaluated(v, 'silver/a', 'unique', 'errored'),
      ])
    }
    const history = await store.materializationHistory('silver/a')
    expect(history.map((e) => [e.key, e.dataVersion])).toEqual([
      ['silver/a', 'v3'],
      ['silver/a', 'v2'],
      ['silver/a', 'v1'],
    ])
    expect((await store.materializationHistory('silver/a', 2)).map((e) => e.runId)).toEqual([
      'v3',
      'v2',
    ])
    const checks = await store.checkHistory('silver/a', 'not_null')
    expect(checks.map((e) => [e.check, e.status])).toEqual([
      ['not_null', 'passed'],
      ['not_null', 'failed'],
      ['not_null', 'passed'],
    ])
    expect(await store.checkHistory('silver/a', 'not_null', 1)).toHaveLength(1)
    expect(await store.materializationHistory('gold/never')).toEqual([])
  })

  it('wipeAsset() forgets the asset until it is materialized again, and keeps the log', async () => {
    const { store } = context()
    await store.appendEvents([
      materialized('r1', 'silver/a', 'a1'),
      materialized('r1', 'silver/b', 'b1'),
      evaluated('r1', 'silver/a', 'not_null', 'passed'),
    ])
    await store.appendEvents([materialized('r2', 'silver/a', 'a2')])
    await store.wipeAsset('silver/a')

    expect([...(await store.latestMaterializations()).keys()]).toEqual(['silver/b'])
    expect((await store.latestMaterializations(['silver/a'])).size).toBe(0)
    expect((await store.latestCheckEvaluations(['silver/a'])).size).toBe(0)
    expect(await store.materializationHistory('silver/a')).toEqual([])
    expect(await store.checkHistory('silver/a', 'not_null')).toEqual([])
    expect(await store.runEvents('r1')).toHaveLength(3)

    await store.appendEvents([materialized('r3', 'silver/a', 'a3')])
    expect((await store.latestMaterializations(['silver/a'])).get('silver/a')?.dataVersion).toBe(
      'a3',
    )
    expect((await store.materializationHistory('silver/a')).map((e) => e.dataVersion)).toEqual([
      'a3',
    ])
  })

  it('an event that does not match the schema is stored, and rejected when read with INSTANCE_STORE_INVALID', async () => {
    const { store } = context()
    // Events are validated on read only; a bad writer must not be able to poison readers silently.
    const broken = { ...materialized('r1', 'silver/a', 'a1'), rowCount: 'many' }
    await store.appendEvents([broken as unknown as RunEvent])
    await expect(store.runEvents('r1')).rejects.toMatchObject({ code: 'INSTANCE_STORE_INVALID' })
    await expect(store.latestMaterializations(['silver/a'])).rejects.toMatchObject({
      code: 'INSTANCE_STORE_INVALID',
    })
  })
}
