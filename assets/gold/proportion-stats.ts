/** z for a two-sided 95% interval: the 97.5th percentile of the standard normal. */
export const Z_95 = 1.959963984540054

/** A confidence interval [low, high]. */
export interface Interval {
  readonly low: number
  readonly high: number
}

/** Wilson score interval of a proportion `successes / n` (no continuity correction); n > 0. */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval {
  const p = successes / n
  const z2 = z * z
  const center = (successes + z2 / 2) / (n + z2)
  const half = ((z * Math.sqrt(n)) / (n + z2)) * Math.sqrt(p * (1 - p) + z2 / (4 * n))
  return { low: Math.max(0, center - half), high: Math.min(1, center + half) }
}

/**
 * Newcombe's hybrid score interval for p1 - p2 (Newcombe 1998, method 10): built from the two
 * Wilson intervals, so it stays inside [-1, 1] and behaves at rates near 0 or 1, where the Wald
 * interval fails. Undefined when either group is empty.
 */
export function newcombeInterval(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  z = Z_95,
): Interval | undefined {
  if (n1 === 0 || n2 === 0) return undefined
  const p1 = x1 / n1
  const p2 = x2 / n2
  const w1 = wilsonInterval(x1, n1, z)
  const w2 = wilsonInterval(x2, n2, z)
  const d = p1 - p2
  return {
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  }
}

/**
 * Two-sided p-value of the pooled two-proportion z-test of p1 = p2. Undefined when a group is empty
 * or the pooled rate is 0 or 1 (no variance: the test statistic does not exist).
 */
export function twoProportionPValue(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
): number | undefined {
  if (n1 === 0 || n2 === 0) return undefined
  const pooled = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  if (se === 0) return undefined
  const z = (x1 / n1 - x2 / n2) / se
  return erfc(Math.abs(z) / Math.SQRT2)
}

/**
 * Complementary error function, Chebyshev fit with fractional error below 1.2e-7 everywhere
 * (Numerical Recipes, `erfcc`): ample for p-values reported to a few digits.
 */
export function erfc(x: number): number {
  const t = 1 / (1 + 0.5 * Math.abs(x))
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))))
  const value = t * Math.exp(-x * x + poly)
  return x >= 0 ? value : 2 - value
}
