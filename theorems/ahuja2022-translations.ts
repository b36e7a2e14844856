/**
 * Ahuja, Hartford & Bengio (2022) — known translations, exact (training-free) checks of what one fixed
 * translation does and does not identify (theory.md §2, "the nonlinear centralizer can be larger").
 *
 * With m(z) = z + δ and the loss E‖f(x′) − f(x) − δ‖², every a with a(z + δ) = a(z) + δ is an optimum.
 * Besides translations z ↦ z + b, that includes the periodic warps a(z) = z + p(z) with p(z + δ) = p(z):
 * nonlinear maps the linear centralizer does not see. Translations along every axis with incommensurate
 * sizes (a stand-in for a continuum) exclude them, leaving identity + offset.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat, Vec } from '../src/core/matrix.ts';
import { Rng } from '../src/rng/rng.ts';
import { knownTranslationLoss } from '../src/mechanisms/knownMechanism.ts';
import { buildMixing } from '../src/generators/mixing.ts';
import { mixingParamsArb } from '../src/generators/arbitraries.ts';
import type { MixingParams } from '../src/generators/types.ts';
import { affineClass } from '../src/classes/index.ts';

const TOL = {
  equivariantLoss: {
    value: 1e-12,
    why: 'For an equivariance the residual f(x′) − f(x) − δ is p(z + δ) − p(z) = 0 up to float64 round-off in sin and in the oracle inverse (~1e-13 relative): the normalised loss is ~1e-26.',
  },
  breakingMargin: {
    value: 1e-6,
    why: 'A warp of amplitude a ≥ 0.2 whose period is not δ, or a translation size it is not periodic in, changes p by O(a) on a constant fraction of samples: loss ≳ 1e-3 relative to ‖δ‖². 1e-6 separates that from round-off by six orders.',
  },
  notAffine: {
    value: 1e-4,
    why: 'The warp must be genuinely nonlinear for the check to mean anything: its unexplained variance under the best affine map must exceed 1e-4 (it is ≳ 1e-2 for a ≥ 0.2).',
  },
} as const;

const SAMPLES = 400;

interface World {
  n: number;
  mixing: MixingParams;
  /** Seed of the translation direction/size, the warp and the data. */
  seed: number;
}

const worldArb = (minN = 2): fc.Arbitrary<World> =>
  fc.integer({ min: minN, max: 5 }).chain((n) => fc.record({ n: fc.constant(n), mixing: mixingParamsArb({ n }), seed: fc.noShrink(fc.integer()) }));

/** Unit vector u, a unit vector v ⟂ u, translation size s ∈ [0.5, 2], warp amplitude a ∈ [0.2, 0.5]. */
function geometry(n: number, rng: Rng) {
  const unit = (w: Vec) => {
    const l = Math.hypot(...w);
    return w.map((x) => x / l);
  };
  const u = unit(rng.normals(n));
  let v = rng.normals(n);
  const d = v.reduce((s, x, i) => s + x * u[i], 0);
  v = unit(v.map((x, i) => x - d * u[i]));
  return { u, v, s: rng.range(0.5, 2), a: rng.range(0.2, 0.5) };
}

/** The warp z ↦ z + a·sin(2π⟨z, u⟩/period)·v: invertible (⟨z, u⟩ is unchanged), periodic along u with `period`. */
function warp(z: Mat, u: Vec, v: Vec, a: number, period: number): Mat {
  return z.map((row) => {
    const t = row.reduce((s, x, i) => s + x * u[i], 0);
    const w = a * Math.sin((2 * Math.PI * t) / period);
    return row.map((x, i) => x + w * v[i]);
  });
}

/** Pairs (g(z), g(z + δ_k)) with z ~ N(0, I), k uniform, and the oracle encoder composed with `a`. */
function lossWithWarp(w: World, offsets: Vec[], encodeLatent: (z: Mat) => Mat, rng: Rng) {
  const mixing = buildMixing(w.mixing);
  const z = rng.normalMatrix(SAMPLES, w.n);
  const index = z.map(() => rng.int(offsets.length));
  const zNext = z.map((row, i) => row.map((x, j) => x + offsets[index[i]][j]));
  const enc = (x: Mat) => encodeLatent(mixing.invert(x));
  const fz = enc(mixing.apply(z));
  return { z, fz, loss: knownTranslationLoss(fz, enc(mixing.apply(zNext)), index, offsets) };
}

function outcome(pass: boolean, loss: number, details: Record<string, number | string>) {
  return { pass, statistic: loss, details };
}

export default defineTheorem({
  id: 'ahuja2022.translations.exact',
  title: 'One fixed translation leaves periodic warps unidentified; incommensurate translations along every axis exclude them (exact check)',
  citation: {
    authors: 'Kartik Ahuja, Jason Hartford, Yoshua Bengio',
    year: 2022,
    title: 'Properties from mechanisms: an equivariance perspective on identifiable representation learning',
    venue: 'ICLR 2022',
    where: 'known mechanisms; the nonlinear centralizer of translations',
  },
  claim:
    'With a known translation m(z) = z + δ, the encoder is identified up to the maps commuting with it, which include the periodic warps z + p(z) with p(z + δ) = p(z); translations along every axis with sizes from a continuum leave only identity + offset.',
  assumptions: [
    { id: 'known-translations', statement: 'Pairs (g(z), g(z + δ_k)) with known δ_k and index k.' },
    { id: 'invertible-mixing', statement: 'g invertible (linear or conditioned leaky-ReLU MLP); the oracle encoder is g⁻¹.' },
    {
      id: 'continuum-by-incommensurate-sizes',
      statement: 'A continuum of sizes is approximated by two incommensurate sizes per axis (s and s·φ, φ the golden ratio): no non-constant periodic function has both periods.',
    },
  ],
  learner: { name: 'oracle encoder f = a∘g⁻¹ (no training)', objective: 'L(f) = Σ‖f(x′) − f(x) − δ_k‖² / Σ‖δ_k‖²' },
  predictedClass: { name: 'one translation δ: maps with a(z + δ) = a(z) + δ (incl. periodic warps); all axes, incommensurate sizes: identity + offset', classId: 'identity-offset' },
  controls: [
    'A warp whose period is not δ (period r·‖δ‖, r ∈ [1.2, 1.8]) must raise the loss above the margin.',
    'The same δ-periodic warp must raise the loss once translations along every axis with incommensurate sizes are added.',
  ],
  tolerances: TOL,
  properties: [
    {
      id: 'periodic-warp-is-equivariant',
      kind: 'exact',
      role: 'positive',
      statement: 'For one translation δ = s·u, the oracle composed with the warp z + a·sin(2π⟨z,u⟩/s)·v (v ⟂ u) has loss ≈ 0, although the warp is not affine.',
      statisticName: 'normalised known-translation loss',
      threshold: TOL.equivariantLoss.value,
      direction: 'at-most',
      numRuns: { quick: 50, full: 400 },
      arbitrary: () => worldArb(),
      check: (w: World) => {
        const rng = new Rng(w.seed);
        const { u, v, s, a } = geometry(w.n, rng);
        const r = lossWithWarp(w, [u.map((x) => s * x)], (z) => warp(z, u, v, a, s), rng.child('data'));
        const nonAffine = affineClass(w.n).fit(r.z, r.fz).distance;
        return outcome(r.loss <= TOL.equivariantLoss.value && nonAffine >= TOL.notAffine.value, r.loss, { affineDistance: nonAffine, size: s, amplitude: a });
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'wrong-period-breaks',
      kind: 'exact',
      role: 'negative-control',
      statement: 'A warp with period r·s, r ∈ [1.2, 1.8], is not an equivariance of the translation by s·u: the loss exceeds the margin.',
      statisticName: 'normalised known-translation loss',
      threshold: TOL.breakingMargin.value,
      direction: 'at-least',
      numRuns: { quick: 50, full: 400 },
      arbitrary: () => worldArb(),
      check: (w: World) => {
        const rng = new Rng(w.seed);
        const { u, v, s, a } = geometry(w.n, rng);
        const ratio = rng.range(1.2, 1.8);
        const r = lossWithWarp(w, [u.map((x) => s * x)], (z) => warp(z, u, v, a, ratio * s), rng.child('data'));
        return outcome(r.loss >= TOL.breakingMargin.value, r.loss, { ratio });
      },
      describeWorld: (w: World) => w,
    },
    {
      id: 'incommensurate-translations-exclude-warp',
      kind: 'exact',
      role: 'negative-control',
      statement:
        'With translations along every axis by s and s·φ, the warp periodic in s along the first axis is no longer an equivariance (loss above the margin), while a pure offset still is (loss ≈ 0).',
      statisticName: 'normalised known-translation loss of the warp',
      threshold: TOL.breakingMargin.value,
      direction: 'at-least',
      numRuns: { quick: 50, full: 400 },
      arbitrary: () => worldArb(),
      check: (w: World) => {
        const rng = new Rng(w.seed);
        const { a } = geometry(w.n, rng);
        const s = rng.range(0.5, 2);
        const phi = (1 + Math.sqrt(5)) / 2;
        const axis = (i: number, size: number) => Array.from({ length: w.n }, (_, j) => (j === i ? size : 0));
        const offsets = Array.from({ length: w.n }, (_, i) => [axis(i, s), axis(i, s * phi)]).flat();
        const e1 = axis(0, 1);
        const e2 = axis(1, 1);
        const warped = lossWithWarp(w, offsets, (z) => warp(z, e1, e2, a, s), rng.child('data'));
        const b = rng.normals(w.n);
        const shifted = lossWithWarp(w, offsets, (z) => z.map((row) => row.map((x, j) => x + b[j])), rng.child('data'));
        const pass = warped.loss >= TOL.breakingMargin.value && shifted.loss <= TOL.equivariantLoss.value;
        return outcome(pass, warped.loss, { offsetLoss: shifted.loss });
      },
      describeWorld: (w: World) => w,
    },
  ],
});
