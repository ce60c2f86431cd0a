import { expect, it } from 'vitest'
import { runRecord } from '../event-fixtures.js'
import type { ContractContext } from '../instance-store.contract.js'

export function runsContract(context: () => ContractContext): void {
  it('getRun() returns the run createRun() stored', async () => {
    const { store } = context()
    const run = runRecord('r1', { keys: ['silver/a'], launchedBy: 'cli' })
    await store.createRun(run)
    expect(await store.getRun('r1')).toEqual(run)
    expect(await store.getRun('nope')).toBeUndefined()
  })

  it('createRun() with an id already used throws RUN_EXISTS', async () => {
    const { store } = context()
    await store.createRun(runRecord('r1'))
    await expect(store.createRun(runRecord('r1'))).rejects.toMatchObject({ code: 'RUN_EXISTS' })
  })

  it('updateRunStatus() records when the run started and finished', async () => {
    const { store } = context()
    await store.createRun(runRecord('r1'))
    await store.updateRunStatus('r1', 'running', '2026-02-01T00:00:00.000Z')
    expect(await store.getRun('r1')).toMatchObject({
      status: 'running',
      startedAt: '2026-02-01T00:00:00.000Z',
      finishedAt: null,
    })
    await store.updateRunStatus('r1', 'failure', '2026-02-01T00:05:00.000Z')
    expect(await store.getRun('r1')).toMatchObject({
      status: 'failure',
      startedAt: '2026-02-01T00:00:00.000Z',
      finishedAt: '2026-02-01T00:05:00.000Z',
    })
  })

  it('a queued run can be canceled without ever starting', async () => {
    const { store } = context()
    await store.createRun(runRecord('r1'))
    await store.updateRunStatus('r1', 'canceled', '2026-02-01T00:00:00.000Z')
    expect(await store.getRun('r1')).toMatchObject({
      status: 'canceled',
      startedAt: null,
      finishedAt: '2026-02-01T00:00:00.000Z',
    })
  })

  it('a finished run keeps its status: later updates throw RUN_STATUS_INVALID', async () => {
    const { store } = context()
    await store.createRun(runRecord('r1', { status: 'running' }))
    await store.updateRunStatus('r1', 'success', '2026-02-01T00:00:00.000Z')
    await expect(
      store.updateRunStatus('r1', 'canceled', '2026-02-01T00:01:00.000Z'),
    ).rejects.toMatchObject({ code: 'RUN_STATUS_INVALID' })
    await expect(
      store.updateRunStatus('r1', 'running', '2026-02-01T00:01:00.000Z'),
    ).rejects.toMatchObject({ code: 'RUN_STATUS_INVALID' })
    expect(await store.getRun('r1')).toMatchObject({
      status: 'success',
      finishedAt: '2026-02-01T00:00:00.000Z',
    })
  })

  it('updateRunStatus() of an unknown run throws RUN_NOT_FOUND', async () => {
    const { store } = context()
    await expect(
      store.updateRunStatus('nope', 'running', '2026-02-01T00:00:00.000Z'),
    ).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' })
  })

  it('listRuns() returns the newest first, filtered by status and limited', async () => {
    const { store } = context()
    // Created out of order on purpose: newest means createdAt, not insertion order.
    await store.createRun(runRecord('b', { createdAt: '2026-03-02T00:00:00.000Z' }))
    await store.createRun(runRecord('a', { createdAt: '2026-03-01T00:00:00.000Z' }))
    await store.createRun(
      runRecord('c', { createdAt: '2026-03-03T00:00:00.000Z', status: 'running' }),
    )
    const ids = async (options?: Parameters<typeof store.listRuns>[0]) =>
      (await store.listRuns(options)).map((run) => run.runId)
    expect(await ids()).toEqual(['c', 'b', 'a'])
    expect(await ids({ limit: 2 })).toEqual(['c', 'b'])
    expect(await ids({ status: 'queued' })).toEqual(['b', 'a'])
    expect(await ids({ status: 'queued', limit: 1 })).toEqual(['b'])
    expect(await ids({ status: 'success' })).toEqual([])
  })

  it('listRuns() puts the later of two runs created in the same millisecond first', async () => {
    const { store } = context()
    const createdAt = '2026-03-01T00:00:00.000Z'
    await store.createRun(runRecord('first', { createdAt }))
    await store.createRun(runRecord('second', { createdAt }))
    expect((await store.listRuns()).map((run) => run.runId)).toEqual(['second', 'first'])
  })
}
