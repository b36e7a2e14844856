/**
 * Data processes of theory.md §2 (Ahuja, Hartford & Bengio 2022): latents z from a prior, evolved by
 * known mechanisms z' = m_k(z) (pairs or short sequences, with the mechanism index k), or by a
 * stochastic transition z' = m(z) + ε; then observed through a mixing x = g(z).
 *
 * Purity: every sampler takes an `Rng` and draws only from named child streams of it
 * (`prior`, `index`, `noise`; `index`/t for sequences), so it never advances the caller's generator and
 * the same `rng` seed gives deep-equal output. The mechanism index is uniform on {0, …, K−1}.
 *
 * The latent dimension n comes from `opts.n` when given, else from the prior's `cov`, else from the first
 * mechanism that fixes one (matrix size, δ length), else from a per-coordinate noise σ; every other
 * source must agree (InputError naming `mechanisms[k]`, `mechanism`, `noise.sigma.length`).
 */
import { InputError } from '../core/errors.ts';
import type { Mat } from '../core/matrix.ts';
import { add } from '../core/matrix.ts';
import { assertNumber, assertPositiveInt } from '../core/validate.ts';
import type { Mixing } from '../generators/types.ts';
import type { Rng } from '../rng/rng.ts';
import { applyMechanism, describeMechanism, validateMechanism, validateMechanisms } from './mechanisms.ts';
import { describeNoise, sampleNoise, validateNoise } from './noise.ts';
import { describePrior, samplePrior, validatePrior } from './prior.ts';
import type { Dataset, Mechanism, MechanismInput, NoiseSpec, ObservedSequences, PriorSpec, Sequences, TransitionPairs } from './types.ts';

/** Largest number of samples a process draws at once (memory guard: count × n numbers per matrix). */
export const MAX_SAMPLE_COUNT = 10_000_000;

/** Options of `mechanismPairs`: prior, known mechanisms m_k (one drawn uniformly per pair), number of pairs, and n when nothing else fixes it. */
export interface MechanismPairsOptions {
  prior: PriorSpec;
  /** The known mechanisms m_k; a bare matrix is a linear mechanism. */
  mechanisms: MechanismInput[];
  /** Number of pairs. */
  count: number;
  /** Latent dimension, when neither the prior nor a mechanism fixes it. */
  n?: number;
}

/** Options of `mechanismSequences`: those of `mechanismPairs` (`count` sequences) plus the number of states per sequence. */
export interface MechanismSequencesOptions extends MechanismPairsOptions {
  /** Number of states per sequence (≥ 2): z[0] from the prior, z[t+1] = m_{k_t}(z[t]). */
  length: number;
}

/** Options of `stochasticPairs`: prior, deterministic part m, noise ε, number of pairs, and n when nothing else fixes it. */
export interface StochasticPairsOptions {
  prior: PriorSpec;
  /** The deterministic part m of z' = m(z) + ε (default: identity). */
  mechanism?: MechanismInput;
  noise: NoiseSpec;
  count: number;
  n?: number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function assertCount(value: unknown, field = 'count'): number {
  const c = assertPositiveInt(field, value);
  if (c > MAX_SAMPLE_COUNT) throw new InputError(field, c, `at most ${MAX_SAMPLE_COUNT} samples`);
  return c;
}

/** n from opts.n or the prior's covariance (undefined when neither fixes it). */
function dimFromPrior(prior: unknown, n: unknown): number | undefined {
  if (n !== undefined) return assertPositiveInt('n', n);
  if (isRecord(prior) && prior.kind === 'correlated-gaussian' && Array.isArray(prior.cov) && prior.cov.length > 0) return prior.cov.length;
  return undefined;
}

/** Apply mechanism k to the rows with index k (rows keep their order). */
function applyIndexed(mechanisms: Mechanism[], z: Mat, index: number[]): Mat {
  const out: Mat = new Array(z.length);
  mechanisms.forEach((m, k) => {
    const rows: number[] = [];
    for (let i = 0; i < index.length; i++) if (index[i] === k) rows.push(i);
    if (rows.length === 0) return;
    const moved = applyMechanism(m, rows.map((i) => z[i]));
    rows.forEach((i, r) => (out[i] = moved[r]));
  });
  return out;
}

function checkOptions(opts: unknown, what: string): Record<string, unknown> {
  if (!isRecord(opts)) throw new InputError('options', opts, `an options record for ${what}`);
  return opts;
}

/**
 * Deterministic transition pairs: z_i ~ prior, k_i ~ U{0..K−1}, zNext_i = m_{k_i}(z_i) exactly.
 * Throws `InputError` naming `count`, `n`, the prior's field or `mechanisms[k]`.
 */
export function mechanismPairs(opts: MechanismPairsOptions, rng: Rng): TransitionPairs {
  const o = checkOptions(opts, 'mechanismPairs({ prior, mechanisms, count })');
  const count = assertCount(o.count);
  const { mechanisms, n } = validateMechanisms(o.mechanisms, dimFromPrior(o.prior, o.n));
  const prior = validatePrior(o.prior, n);
  const z = samplePrior(prior, n, count, rng);
  const ir = rng.child('index');
  const index = Array.from({ length: count }, () => ir.int(mechanisms.length));
  const zNext = applyIndexed(mechanisms, z, index);
  const mechText = mechanisms.length <= 4 ? mechanisms.map(describeMechanism).join('; ') : `${mechanisms.length} mechanisms`;
  return {
    z,
    zNext,
    index,
    n,
    count,
    description: `${count} pairs (z, m_k(z)), ${describePrior(prior, n)}, k uniform over ${mechanisms.length}: ${mechText}`,
  };
}

/**
 * Short sequences: z[0] ~ prior, z[t+1]_i = m_{k}(z[t]_i) with k = index[t][i] uniform (fresh per step).
 * Throws `InputError` naming `length` (an integer ≥ 2) or as `mechanismPairs`.
 */
export function mechanismSequences(opts: MechanismSequencesOptions, rng: Rng): Sequences {
  const o = checkOptions(opts, 'mechanismSequences({ prior, mechanisms, length, count })');
  const count = assertCount(o.count);
  const length = assertNumber('length', o.length, { min: 2, integer: true });
  if (count * length > MAX_SAMPLE_COUNT) throw new InputError('length', length, `count × length ≤ ${MAX_SAMPLE_COUNT}`);
  const { mechanisms, n } = validateMechanisms(o.mechanisms, dimFromPrior(o.prior, o.n));
  const prior = validatePrior(o.prior, n);
  const z: Mat[] = [samplePrior(prior, n, count, rng)];
  const index: number[][] = [];
  for (let t = 0; t + 1 < length; t++) {
    const ir = rng.child('index', t);
    const idx = Array.from({ length: count }, () => ir.int(mechanisms.length));
    index.push(idx);
    z.push(applyIndexed(mechanisms, z[t], idx));
  }
  return {
    z,
    index,
    n,
    count,
    length,
    description: `${count} sequences of ${length} states, ${describePrior(prior, n)}, mechanism uniform over ${mechanisms.length} at each step`,
  };
}

/**
 * Stochastic transitions z' = m(z) + ε: z ~ prior, ε ~ noise (independent of z), m the identity unless
 * given. Returns `epsilon` too, so zNext = m(z) + epsilon holds exactly. Throws `InputError` naming
 * `count`, `n`, `mechanism`, the prior's or the noise's field.
 */
export function stochasticPairs(opts: StochasticPairsOptions, rng: Rng): TransitionPairs {
  const o = checkOptions(opts, 'stochasticPairs({ prior, noise, count })');
  const count = assertCount(o.count);
  let n = dimFromPrior(o.prior, o.n);
  let mechanism: Mechanism | null = null;
  if (o.mechanism !== undefined) {
    mechanism = validateMechanism(o.mechanism, n, 'mechanism');
    if (n === undefined && mechanism.kind !== 'map') n = mechanism.kind === 'translation' ? mechanism.delta.length : mechanism.m.length;
  }
  if (n === undefined && isRecord(o.noise) && Array.isArray(o.noise.sigma)) n = o.noise.sigma.length;
  if (n === undefined) throw new InputError('n', o.n, 'the latent dimension (neither the prior, the mechanism nor the noise fixes it)');
  const noise = validateNoise(o.noise, n);
  const prior = validatePrior(o.prior, n);
  const z = samplePrior(prior, n, count, rng);
  const epsilon = sampleNoise(noise, n, count, rng);
  const mz = mechanism ? applyMechanism(mechanism, z) : z;
  return {
    z,
    zNext: add(mz, epsilon),
    epsilon,
    n,
    count,
    description: `${count} pairs (z, m(z) + ε), ${describePrior(prior, n)}, m: ${mechanism ? describeMechanism(mechanism) : 'identity'}, ${describeNoise(noise, n)}`,
  };
}

function assertMixing(mixing: unknown, n: number): Mixing {
  if (!isRecord(mixing) || typeof mixing.apply !== 'function') throw new InputError('mixing', mixing, 'a Mixing (from buildMixing)');
  if (mixing.n !== n) throw new InputError('mixing.n', mixing.n, `${n}, the latent dimension of the data`);
  return mixing as unknown as Mixing;
}

/**
 * Observe transition pairs through a mixing: x = g(z), xNext = g(zNext); z and zNext are kept for
 * evaluation. Throws `InputError` naming `pairs` or `mixing.n` (dimension mismatch).
 */
export function observe(pairs: TransitionPairs, mixing: Mixing): Dataset {
  if (!isRecord(pairs) || !Array.isArray(pairs.z) || !Array.isArray(pairs.zNext)) throw new InputError('pairs', pairs, 'transition pairs { z, zNext, n, count }');
  const g = assertMixing(mixing, pairs.n);
  const out: Dataset = {
    z: pairs.z,
    zNext: pairs.zNext,
    x: g.apply(pairs.z),
    xNext: g.apply(pairs.zNext),
    n: pairs.n,
    count: pairs.count,
    description: `${pairs.description}; observed x = g(z), g: ${g.description}`,
  };
  if (pairs.index) out.index = pairs.index;
  return out;
}

/** Observe sequences through a mixing: x[t] = g(z[t]). Throws `InputError` naming `sequences` or `mixing.n`. */
export function observeSequences(sequences: Sequences, mixing: Mixing): ObservedSequences {
  if (!isRecord(sequences) || !Array.isArray(sequences.z)) throw new InputError('sequences', sequences, 'sequences { z, index, n, count, length }');
  const g = assertMixing(mixing, sequences.n);
  return { ...sequences, x: sequences.z.map((zt) => g.apply(zt)), description: `${sequences.description}; observed x = g(z), g: ${g.description}` };
}

/** The consecutive pairs (z[t], z[t+1]) of sequences, flattened into one set of transition pairs. */
export function sequencePairs(sequences: Sequences): TransitionPairs {
  const z: Mat = [];
  const zNext: Mat = [];
  const index: number[] = [];
  for (let t = 0; t + 1 < sequences.z.length; t++) {
    z.push(...sequences.z[t]);
    zNext.push(...sequences.z[t + 1]);
    index.push(...sequences.index[t]);
  }
  return { z, zNext, index, n: sequences.n, count: z.length, description: `consecutive pairs of ${sequences.description}` };
}
