import { describe, expect, it } from 'vitest'
import type { AssetKey } from '../../framework/definitions/asset-key.js'
import { computeDataVersion } from '../../framework/staleness/data-version.js'

const inputs = (entries: Array<[string, string]>) => new Map(entries as Array<[AssetKey, string]>)

describe('computeDataVersion', () => {
  it('does not depend on the order the inputs are declared in', () => {
    const a = computeDataVersion(
      '1',
      inputs([
        ['bronze/a', 'x'],
        ['bronze/b', 'y'],
      ]),
    )
    const b = computeDataVersion(
      '1',
      inputs([
        ['bronze/b', 'y'],
        ['bronze/a', 'x'],
      ]),
    )
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })

  it('changes with the code version and with any input version', () => {
    const base = computeDataVersion('1', inputs([['bronze/a', 'x']]))
    expect(computeDataVersion('2', inputs([['bronze/a', 'x']]))).not.toBe(base)
    expect(computeDataVersion('1', inputs([['bronze/a', 'z']]))).not.toBe(base)
    expect(computeDataVersion('1', inputs([['bronze/c', 'x']]))).not.toBe(base)
    expect(computeDataVersion('1', inputs([]))).not.toBe(base)
  })
})
