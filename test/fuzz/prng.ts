/**
 * A small seeded generator: every fuzz case draws from its own stream, derived from the run's seed
 * and the case's index, so one case can be replayed without the ones before it.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n); 0 when n ≤ 0. */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** sfc32: fast, 128 bits of state, good enough statistics for test-case generation. */
export function createRng(seed: number, stream = 0): Rng {
  let a = 0x9e3779b9 ^ (seed >>> 0);
  let b = 0x243f6a88 ^ Math.imul(stream >>> 0, 0x85ebca6b);
  let c = 0xb7e15162 ^ (Math.floor(seed / 0x1_0000_0000) >>> 0);
  let d = 1;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  };
  // The first outputs still echo the seed's bits.
  for (let i = 0; i < 15; i++) next();
  const int = (n: number) => (n <= 0 ? 0 : Math.floor(next() * n));
  return {
    next,
    int,
    pick: (items) => {
      if (!items.length) throw new Error("pick from an empty list");
      return items[int(items.length)];
    },
    chance: (p) => next() < p,
  };
}
