/**
 * Invertible mixing functions g: Rⁿ → Rⁿ with exact inverses (observations x = g(z), rows = samples).
 *
 * - `linear`: x = W z.
 * - `leaky-relu-mlp`: `layers` hidden layers h ← leakyReLU(W_l h + b_l) with negative slope
 *   `negativeSlope` ∈ (0, 1), then an output linear layer x = W_out h; every W is n × n and invertible,
 *   as in the invertible leaky-ReLU mixings of Zimmermann et al. 2021 and Ahuja et al.'s follow-up
 *   (theory.md §2, §3), so g⁻¹ is exact: h = W_out⁻¹ x, then h ← W_l⁻¹(leakyReLU⁻¹(h) − b_l).
 *
 * Conditioning rule: every weight matrix (each hidden layer's W_l and the output layer's W_out) is
 * drawn with i.i.d. N(0, 1/n) entries (Gaussian, not Zimmermann et al.'s column-normalised uniform)
 * and redrawn, from the same stream, while its 2-norm condition number σ_max/σ_min exceeds
 * `maxCondition` (capped at 1e8, the invertibility limit of `invert`). After 1000
 * (`MIXING_MAX_REDRAWS`) rejected draws of one matrix the rule is too strict for this n and a
 * `NumericalError` naming `mixing.maxCondition` and its value is thrown (health check).
 * Biases b_l have i.i.d. N(0, 0.1²) entries (`MIXING_BIAS_STD`); the output layer has no bias.
 * Nonlinearity: one hidden layer always leaves a clear non-affine share (≥ 3.5% of x's variance in 1500 sampled
 * worlds at slope ≤ 0.5), but deeper nets can nearly cancel (leaky(−leaky(u)) = −s·u): a rare 2-layer draw is
 * within 0.2% of affine (tests/generators/mixing.test.ts). No floor is enforced by default; `minNonlinearity`
 * sets one: the network (every W_l, b_l and W_out) is redrawn from fresh child streams
 * (`nonlinearity-redraw`, k) until its non-affine share on `NONLINEARITY_PROBE_SAMPLES` probe samples
 * z ~ N(0, I) (their own stream) reaches the floor; after `MIXING_MAX_NETWORK_REDRAWS` a `NumericalError`
 * names `mixing.minNonlinearity`. The first draw uses the usual streams, so a floor the first network
 * already meets changes nothing.
 * The accepted condition numbers (hidden layers first, output last) and the total number of
 * rejected draws are recorded in `conditionNumbers` and `redraws`.
 *
 * `buildMixing` is pure: every number comes from `new Rng(params.seed)` (child stream per matrix).
 */
import type { Mat, Vec } from '../core/matrix.ts';
import { applyLinear } from '../core/matrix.ts';
import { InputError, NumericalError } from '../core/errors.ts';
import { assertMatrix, assertNumber } from '../core/validate.ts';
import { MAX_INVERTIBLE_CONDITION, invert } from '../linalg/inverse.ts';
import { conditionNumber } from '../linalg/svd.ts';
import { Rng, normaliseSeed } from '../rng/rng.ts';
import { nonAffineShare } from '../metrics/nonAffine.ts';
import type { Mixing, MixingParams } from './types.ts';

/** Rejected draws of one weight matrix after which the conditioning rule is declared too strict. */
export const MIXING_MAX_REDRAWS = 1000;
/** Probe samples on which the non-affine share is measured for `minNonlinearity`. */
export const NONLINEARITY_PROBE_SAMPLES = 2000;
/** Network redraws after which `minNonlinearity` is declared too strict. */
export const MIXING_MAX_NETWORK_REDRAWS = 100;
/** Standard deviation of the hidden-layer bias entries. */
export const MIXING_BIAS_STD = 0.1;
/** The mixing kinds. */
export const MIXING_KINDS: readonly Mixing['kind'][] = ['linear', 'leaky-relu-mlp'];

/**
 * Check a `MixingParams` record; throws `InputError` naming the field (`mixing.kind`, `mixing.n`,
 * `mixing.layers`, `mixing.negativeSlope`, `mixing.maxCondition`, `mixing.seed`, `mixing.weights`,
 * `mixing.minNonlinearity`).
 * `negativeSlope` is only checked (and used) for the MLP; a linear mixing has `layers = 0`.
 */
export function validateMixingParams(params: unknown): MixingParams {
  if (typeof params !== 'object' || params === null || Array.isArray(params))
    throw new InputError('mixing', params, 'a MixingParams record { kind, n, layers, negativeSlope, maxCondition, seed }');
  const p = params as Record<string, unknown>;
  const kind = p.kind;
  if (typeof kind !== 'string' || !(MIXING_KINDS as readonly string[]).includes(kind))
    throw new InputError('mixing.kind', kind, `one of ${MIXING_KINDS.join(', ')}`);
  const n = assertNumber('mixing.n', p.n, { min: 1, integer: true });
  const layers = assertNumber('mixing.layers', p.layers, { min: 0, integer: true });
  if (kind === 'linear' && layers !== 0) throw new InputError('mixing.layers', layers, '0 for a linear mixing');
  if (kind === 'leaky-relu-mlp' && layers < 1) throw new InputError('mixing.layers', layers, 'at least 1 hidden layer for a leaky-relu-mlp mixing');
  const slope = p.negativeSlope;
  if (kind === 'leaky-relu-mlp' && !(typeof slope === 'number' && slope > 0 && slope < 1))
    throw new InputError('mixing.negativeSlope', slope, 'a negative slope in the open interval (0, 1) (invertible leaky ReLU)');
  const maxCondition = p.maxCondition;
  if (typeof maxCondition !== 'number' || Number.isNaN(maxCondition) || maxCondition < 1)
    throw new InputError('mixing.maxCondition', maxCondition, 'a condition-number bound >= 1');
  normaliseSeed(p.seed, 'mixing.seed');
  const out: MixingParams = { kind: kind as MixingParams['kind'], n, layers, negativeSlope: slope as number, maxCondition, seed: p.seed as number };
  if (p.minNonlinearity !== undefined) {
    const m = p.minNonlinearity;
    if (typeof m !== 'number' || !(m >= 0 && m < 1)) throw new InputError('mixing.minNonlinearity', m, 'a non-affine share in [0, 1)');
    if (kind !== 'leaky-relu-mlp' && m > 0) throw new InputError('mixing.minNonlinearity', m, `0 or absent for kind ${kind} (only a leaky-relu-mlp mixing is nonlinear)`);
    out.minNonlinearity = m;
  }
  if (p.weights !== undefined) {
    if (kind !== 'linear') throw new InputError('mixing.weights', p.weights, `no user weights for kind ${kind} (only a linear mixing takes them)`);
    out.weights = assertMatrix('mixing.weights', p.weights, { rows: n, cols: n });
  }
  return out;
}

/**
 * Draw an n × n matrix with i.i.d. N(0, 1/n) entries, redrawing while its condition number exceeds
 * `maxCondition` (the conditioning rule above). Throws `NumericalError` naming `mixing.maxCondition`
 * after `MIXING_MAX_REDRAWS` rejections.
 */
export function drawConditionedWeights(rng: Rng, n: number, maxCondition: number, what = 'weight matrix'): { w: Mat; condition: number; redraws: number } {
  const bound = Math.min(maxCondition, MAX_INVERTIBLE_CONDITION);
  const sd = 1 / Math.sqrt(n);
  let best = Infinity;
  for (let redraws = 0; redraws <= MIXING_MAX_REDRAWS; redraws++) {
    const w = rng.normalMatrix(n, n).map((row) => row.map((v) => v * sd));
    const k = conditionNumber(w);
    if (k <= bound) return { w, condition: k, redraws };
    if (k < best) best = k;
  }
  throw new NumericalError(
    'mixing.maxCondition',
    maxCondition,
    `conditioning rule too strict for n = ${n}: no ${what} with condition number <= ${bound} in ${MIXING_MAX_REDRAWS + 1} draws ` +
      `of i.i.d. N(0, 1/${n}) entries (best ${best.toFixed(4)}); raise mixing.maxCondition`,
  );
}

function leakyRelu(h: Mat, slope: number): void {
  for (const row of h) for (let j = 0; j < row.length; j++) if (row[j] < 0) row[j] *= slope;
}

function leakyReluInverse(h: Mat, slope: number): void {
  for (const row of h) for (let j = 0; j < row.length; j++) if (row[j] < 0) row[j] /= slope;
}

function subtractBias(h: Mat, b: Vec): void {
  for (const row of h) for (let j = 0; j < row.length; j++) row[j] -= b[j];
}

/** Assemble a Mixing from its layers (hidden (W, b) pairs, output W) and their inverses. */
function assemble(
  p: MixingParams,
  hidden: { w: Mat; b: Vec; inv: Mat }[],
  out: { w: Mat; inv: Mat },
  conditionNumbers: number[],
  redraws: number,
  description: string,
): Mixing {
  const { n, negativeSlope } = p;
  return {
    kind: p.kind,
    n,
    apply(z: Mat): Mat {
      let h = assertMatrix('z', z, { cols: n });
      for (const layer of hidden) {
        h = applyLinear(h, layer.w, layer.b);
        leakyRelu(h, negativeSlope);
      }
      return applyLinear(h, out.w);
    },
    invert(x: Mat): Mat {
      let h = applyLinear(assertMatrix('x', x, { cols: n }), out.inv);
      for (let l = hidden.length - 1; l >= 0; l--) {
        leakyReluInverse(h, negativeSlope);
        subtractBias(h, hidden[l].b);
        h = applyLinear(h, hidden[l].inv);
      }
      return h;
    },
    conditionNumbers,
    redraws,
    description,
    params: p,
  };
}

const fmtK = (k: number): string => (k < 100 ? k.toFixed(2) : k.toExponential(2));

/**
 * Build the mixing of `params` under the conditioning rule (module doc). Pure: same params → same
 * weights, same `apply`/`invert`. Throws `InputError` on bad params, `NumericalError` naming
 * `mixing.maxCondition` when the rule cannot be met, or naming `mixing.weights` when user weights are singular.
 */
export function buildMixing(params: MixingParams): Mixing {
  const p = validateMixingParams(params);
  const { n } = p;
  if (p.weights) {
    const w = p.weights.map((row) => row.slice());
    const inv = invert(w, 'mixing.weights', Math.min(p.maxCondition, MAX_INVERTIBLE_CONDITION));
    const k = conditionNumber(w);
    return assemble({ ...p, weights: w }, [], { w, inv }, [k], 0, `linear n = ${n}: user-given W (κ = ${fmtK(k)})`);
  }
  const root = new Rng(p.seed);
  const floor = p.minNonlinearity ?? 0;
  const probe = floor > 0 ? new Rng(p.seed).child('nonlinearity-probe').normalMatrix(NONLINEARITY_PROBE_SAMPLES, n) : [];
  let best = -Infinity;
  for (let attempt = 0; attempt <= (floor > 0 ? MIXING_MAX_NETWORK_REDRAWS : 0); attempt++) {
    const net = drawNetwork(p, attempt === 0 ? root : root.child('nonlinearity-redraw', attempt));
    if (floor === 0) return net;
    const share = nonAffineShare(probe, net.apply(probe));
    if (share >= floor) {
      const nonlinearity = { share, networkRedraws: attempt };
      return { ...net, nonlinearity, description: `${net.description}; non-affine share ${share.toFixed(4)} (≥ ${floor}; ${attempt} network redraws)` };
    }
    best = Math.max(best, share);
  }
  throw new NumericalError(
    'mixing.minNonlinearity',
    floor,
    `no network with a non-affine share >= ${floor} in ${MIXING_MAX_NETWORK_REDRAWS + 1} draws (best ${best.toFixed(4)}); lower mixing.minNonlinearity, lower the negative slope or add layers`,
  );
}

/** One network of `p` from the streams of `root` (weights and biases per layer, conditioning rule). */
function drawNetwork(p: MixingParams, root: Rng): Mixing {
  const { n } = p;
  const hidden: { w: Mat; b: Vec; inv: Mat }[] = [];
  const conditionNumbers: number[] = [];
  let redraws = 0;
  for (let l = 0; l < p.layers; l++) {
    const d = drawConditionedWeights(root.child('weights', l), n, p.maxCondition, `weight matrix of hidden layer ${l}`);
    const brng = root.child('bias', l);
    const b = Array.from({ length: n }, () => MIXING_BIAS_STD * brng.normal());
    hidden.push({ w: d.w, b, inv: invert(d.w, `mixing.weights[${l}]`) });
    conditionNumbers.push(d.condition);
    redraws += d.redraws;
  }
  const d = drawConditionedWeights(root.child('weights', 'out'), n, p.maxCondition, 'output weight matrix');
  conditionNumbers.push(d.condition);
  redraws += d.redraws;
  const out = { w: d.w, inv: invert(d.w, `mixing.weights[${p.layers}]`) };
  const ks = conditionNumbers.map(fmtK).join(', ');
  const description =
    p.kind === 'linear'
      ? `linear n = ${n}: W with i.i.d. N(0, 1/${n}) entries, κ = ${ks} (≤ ${p.maxCondition}; ${redraws} redraws)`
      : `leaky-ReLU MLP n = ${n}: ${p.layers} hidden layer${p.layers === 1 ? '' : 's'} (slope ${p.negativeSlope}) + linear output, ` +
        `κ = [${ks}] (≤ ${p.maxCondition}; ${redraws} redraws)`;
  return assemble(p, hidden, out, conditionNumbers, redraws, description);
}

/**
 * A linear mixing x = W z from a user-given square matrix W. Throws `NumericalError` naming
 * `mixing.weights` when W is singular or its condition number exceeds `maxCondition` (default 1e8,
 * `MAX_INVERTIBLE_CONDITION`), and `InputError` naming `mixing.weights` when W is not a finite square matrix.
 * The returned `params` carry `weights` (so `buildMixing(mixing.params)` rebuilds it), seed 0 and
 * negativeSlope 0 (unused by a linear mixing).
 */
export function linearMixingFrom(w: Mat, opts: { maxCondition?: number } = {}): Mixing {
  const m = assertMatrix('mixing.weights', w, { square: true });
  return buildMixing({
    kind: 'linear',
    n: m.length,
    layers: 0,
    negativeSlope: 0,
    maxCondition: opts.maxCondition ?? MAX_INVERTIBLE_CONDITION,
    seed: 0,
    weights: m,
  });
}
