import { describe, expect, it } from 'vitest'
import {
  erfc,
  newcombeInterval,
  twoProportionPValue,
  wilsonInterval,
} from '../../assets/gold/proportion-stats.js'
import { activationWindowDays } from '../../assets/settings.js'

describe('newcombeInterval', () => {
  // Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10 (hybrid score, no CC).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0],
    [10, 10, 0, 10, 0.6075, 1.0],
  ])('%i/%i vs %i/%i gives [%f, %f] as in the paper', (x1, n1, x2, n2, low, high) => {
    const ci = newcombeInterval(x1, n1, x2, n2)
    expect(ci?.low).toBeCloseTo(low, 4)
    expect(ci?.high).toBeCloseTo(high, 4)
  })

  it('is undefined when a group is empty', () => {
    expect(newcombeInterval(1, 0, 2, 5)).toBeUndefined()
  })
})

describe('wilsonInterval', () => {
  it('gives the textbook 95% interval for 81/263 (Wilson 1927 via Newcombe 1998a: 0.2553 to 0.3662)', () => {
    const ci = wilsonInterval(81, 263)
    expect(ci.low).toBeCloseTo(0.2553, 4)
    expect(ci.high).toBeCloseTo(0.3662, 4)
  })
})

describe('twoProportionPValue', () => {
  it('equals the chi-squared test without continuity correction (prop.test(c(56,48), c(70,80), correct=FALSE))', () => {
    // X-squared = 7.0221 on 1 df; p = 0.008051
    expect(twoProportionPValue(56, 70, 48, 80)).toBeCloseTo(0.00805, 5)
  })

  it('is 1 for equal rates and undefined without variance', () => {
    expect(twoProportionPValue(5, 10, 10, 20)).toBeCloseTo(1, 6)
    expect(twoProportionPValue(0, 10, 0, 20)).toBeUndefined()
  })

  it('rests on an erfc that gives the known normal tail areas', () => {
    expect(erfc(1.959963984540054 / Math.SQRT2)).toBeCloseTo(0.05, 6)
    expect(erfc(2.5758293035489 / Math.SQRT2)).toBeCloseTo(0.01, 6)
    expect(erfc(0)).toBeCloseTo(1, 6)
  })
})

describe('activationWindowDays', () => {
  it('defaults to 14, reads MEDALLION_ACTIVATION_WINDOW_DAYS, and rejects nonsense with a fix', () => {
    expect(activationWindowDays({})).toBe(14)
    expect(activationWindowDays({ MEDALLION_ACTIVATION_WINDOW_DAYS: '7' })).toBe(7)
    expect(() => activationWindowDays({ MEDALLION_ACTIVATION_WINDOW_DAYS: 'two weeks' })).toThrow(
      /whole number of days/,
    )
  })
})
