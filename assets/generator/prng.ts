/** A small seeded PRNG (mulberry32) with the draws the generator needs. Not for cryptography. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T
  /** An index drawn with the given (not necessarily normalized) weights. */
  weighted(weights: readonly number[]): number
  /** An exponential draw with the given mean, floored to a whole number of days. */
  expDays(mean: number): number
  /** A random (version 4 shaped) UUID. */
  uuid(): string
}

/** Mixes a seed and a stream name into a 32-bit state, so each part of the data has its own stream. */
export function deriveSeed(seed: number, stream: string): number {
  let h = (seed ^ 0x9e3779b9) >>> 0
  for (let i = 0; i < stream.length; i++) {
    h = Math.imul(h ^ stream.charCodeAt(i), 0x85ebca6b)
    h = (h ^ (h >>> 13)) >>> 0
  }
  return Math.imul(h ^ (h >>> 16), 0xc2b2ae35) >>> 0
}

/** Creates the PRNG for one stream of a seed. */
export function createRng(seed: number, stream: string): Rng {
  let state = deriveSeed(seed, stream)
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const word = (): string => ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0')
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    weighted(weights) {
      let total = 0
      for (const w of weights) total += w
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i] as number
        if (r < 0) return i
      }
      return weights.length - 1
    },
    expDays: (mean) => Math.floor(-Math.log(1 - next()) * mean),
    uuid() {
      const a = word()
      const b = word()
      const c = word()
      const variant = '89ab'[Math.floor(next() * 4)] as string
      return `${a}-${b.slice(0, 4)}-4${b.slice(5)}-${variant}${c.slice(1, 4)}-${c.slice(4)}${word()}`
    },
  }
}
