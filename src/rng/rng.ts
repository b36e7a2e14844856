/**
 * Seeded random numbers. Every random draw in latentcheck (worlds, data, initialisation, batching)
 * comes from an `Rng` whose seed is derived from the run seed and a stream name, so the same seed
 * gives the same numbers on every machine: the generator is pure 32-bit integer arithmetic
 * (xoshiro128**), and the transforms (Box–Muller, inverse CDF) use only IEEE-754 operations.
 */
import { InputError } from '../core/errors.ts';

/** Mix a 32-bit value (murmur3 finaliser): every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Check and normalise a seed: an integer in [0, 2³²). Negative 32-bit ints (fast-check style) are accepted and wrapped. */
export function normaliseSeed(seed: unknown, field = 'seed'): number {
  if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < -0x80000000 || seed > 0xffffffff)
    throw new InputError(field, seed, 'an integer seed in [-2^31, 2^32)');
  return seed >>> 0;
}

/**
 * Derive an independent child seed from a parent seed and a path of names/indices,
 * e.g. `deriveSeed(run, 'theorem', id, 'trial', 3)`. Pure and order-sensitive.
 */
export function deriveSeed(seed: number, ...path: (string | number)[]): number {
  let h = fmix32(normaliseSeed(seed) ^ 0x9e3779b9);
  for (const part of path) {
    const s = typeof part === 'number' ? `#${part}` : part;
    for (let i = 0; i < s.length; i++) h = fmix32(Math.imul(h ^ s.charCodeAt(i), 0x01000193) + 0x7f4a7c15);
    h = fmix32(h ^ 0x2f);
  }
  return h >>> 0;
}

/** A seeded pseudo-random generator (xoshiro128**, period 2¹²⁸ − 1). */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;
  /** The seed this generator was created with. */
  readonly seed: number;

  constructor(seed: number) {
    this.seed = normaliseSeed(seed);
    // splitmix32 to fill the state; never all zero.
    let x = this.seed;
    const next = () => {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** A child generator for a named sub-stream; does not advance this one. */
  child(...path: (string | number)[]): Rng {
    return new Rng(deriveSeed(this.seed, ...path));
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in (0, 1): never exactly 0 (safe for logs). */
  uniformOpen(): number {
    let u = this.uniform();
    while (u === 0) u = this.uniform();
    return u;
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** Integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new InputError('n', n, 'a positive integer');
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Box–Muller, polar-free form for reproducibility). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    const u1 = this.uniformOpen();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Laplace(0, b) by inverse CDF. */
  laplace(b = 1): number {
    const u = this.uniformOpen() - 0.5;
    return -b * Math.sign(u) * Math.log(1 - 2 * Math.abs(u));
  }

  /** ±1 with equal probability. */
  sign(): number {
    return this.nextU32() & 1 ? 1 : -1;
  }

  /** An n-vector of standard normals. */
  normals(n: number): number[] {
    return Array.from({ length: n }, () => this.normal());
  }

  /** An r × c matrix of standard normals. */
  normalMatrix(r: number, c: number): number[][] {
    return Array.from({ length: r }, () => this.normals(c));
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }

  /** Shuffle in place and return the array. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }

  /** A random element. */
  pick<T>(a: readonly T[]): T {
    if (a.length === 0) throw new InputError('choices', a, 'a non-empty array');
    return a[this.int(a.length)];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The independent named streams of one run (issue: world, data, initialisation, batching). */
export interface SeedStreams {
  /** The run seed everything derives from. */
  seed: number;
  /** Structure and parameters of the sampled world (mechanisms, mixing). */
  world: Rng;
  /** Samples drawn from the world (latents, pairs, noise). */
  data: Rng;
  /** Learner parameter initialisation. */
  init: Rng;
  /** Minibatch order. */
  batching: Rng;
}

/** Derive the named streams for a seed; optional `path` scopes them (e.g. theorem id, trial index). */
export function seedStreams(seed: number, ...path: (string | number)[]): SeedStreams {
  const base = deriveSeed(seed, ...path);
  return {
    seed: normaliseSeed(seed),
    world: new Rng(deriveSeed(base, 'world')),
    data: new Rng(deriveSeed(base, 'data')),
    init: new Rng(deriveSeed(base, 'init')),
    batching: new Rng(deriveSeed(base, 'batching')),
  };
}
