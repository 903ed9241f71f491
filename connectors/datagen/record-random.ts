/**
 * A small, fast PRNG (mulberry32) that is re-seeded for every record from (seed, record index):
 * record N's content is a pure function of the seed and N, so a restarted task regenerates
 * exactly the records it would have produced, and the output does not depend on tasks.max.
 */
export class RecordRandom {
  readonly #seedLo: number;
  readonly #seedHi: number;
  #state = 0;

  constructor(seed: bigint) {
    this.#seedLo = Number(BigInt.asUintN(32, seed));
    this.#seedHi = Number(BigInt.asUintN(32, seed >> 32n));
  }

  /** Positions the generator at the start of record `index`. */
  seek(index: number): void {
    const lo = index >>> 0;
    const hi = Math.floor(index / 0x100000000) >>> 0;
    this.#state = mix32(mix32(this.#seedLo ^ mix32(this.#seedHi + 0x9e3779b9)) ^ lo) ^ mix32(hi + 0x7f4a7c15);
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }
}

function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
