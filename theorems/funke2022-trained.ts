/**
 * Funke, Vicol, Wang, Kümmerer, Zemel & Bethge (2022) — disentanglement under correlation shift, trained
 * (theory.md §4; src/funke/). A representation z = (z₁, …, z_d), one subspace per attribute with a linear head,
 * trained at attribute correlation ρ_train = 0.8 with
 *
 *   Base:      Σᵢ ℓ(headᵢ(zᵢ), aᵢ)
 *   Base+MI:   + λ Σᵢ MMD²(z, z with block i shuffled among the batch)
 *   Base+CMI:  + λ Σᵢ MMD²(z, z with block i shuffled among samples sharing aᵢ)
 *
 * and evaluated by the correlation-shift evaluator at ρ_test ∈ {−0.8, 0, 0.8} (readouts refitted by least squares
 * on the training sample; src/funke/trial.ts). Claim: Base+CMI keeps its VE / accuracy within a band across the
 * shift and each subspace carries its own attribute only — the block class (src/classes/block.ts, kernel
 * regressor) between the per-attribute factors u = a + ε (u = g⁻¹(x) under the mixing) and ẑ.
 *
 * Initialisation (stated, as the issue asks): unlike the authors' released code, whose CMI variant starts at the
 * analytic optimum W = I and takes one step, every learner here starts from a random encoder: Glorot-uniform W for
 * the linear encoder, He-normal hidden / Glorot output layers for MLPs, Glorot heads, all from the trial's `init`
 * stream; inputs standardised per column.
 *
 * Processes: linear-Gaussian (Table 1's setting, σ² = 0.1), correlated binary attributes x = a + ε, the same
 * observed through an invertible leaky-ReLU mixing, and two-part 16 × 32 glyph images with occlusion.
 * Controls: Base degrades on the anti-correlated test; the MI penalty loses train VE against CMI; σ² → 0 makes
 * the CMI claim vacuous (Base is robust too; the class check is not asserted there); conditioning on a shuffled
 * label breaks robustness.
 */
import fc from 'fast-check';
import { defineTheorem } from '../src/theorem/define.ts';
import type { Mat } from '../src/core/matrix.ts';
import { Rng } from '../src/rng/rng.ts';
import { ruleByProfile } from '../src/stats/rule.ts';
import type { ProfileName } from '../src/theorem/profile.ts';
import type { CheckContext, PropertySpec, TrialOutcome } from '../src/theorem/types.ts';
import type { Learner } from '../src/learners/types.ts';
import { funkeLearner } from '../src/funke/learner.ts';
import type { FunkeLearnerConfig, FunkeObjective } from '../src/funke/learner.ts';
import { sampleProcess } from '../src/funke/process.ts';
import type { AttributeData, FunkeProcess } from '../src/funke/types.ts';
import { FUNKE_LEARNER_SLOT, evaluateEncoder, evaluationArtifacts, evaluationDetails, runFunkeTrial } from '../src/funke/trial.ts';
import type { FunkeEvaluation } from '../src/funke/trial.ts';
import { diagonalEncoder, miEncoder, mixingEncoder, wienerEncoder } from '../src/funke/oracle.ts';
import { baseSolution, cmiSolution, miSolutionAtLambda } from '../src/funke/theory.ts';
import { blockClass } from '../src/classes/block.ts';
import type { EquivalenceClass } from '../src/classes/types.ts';

/** ρ_train of every trained property (the paper's strongest correlation in Table 1). */
export const RHO_TRAIN = 0.8;
/** The correlation-shift evaluator's test correlations: −ρ, 0, +ρ. */
export const TEST_RHOS = [-RHO_TRAIN, 0, RHO_TRAIN];

const TOL = {
  band: {
    value: 0.04,
    why: 'Robustness band on the drop train − min over ρ_test of VE / accuracy. The in-class oracle (diagonal encoder + 2 % noise) has population drop 0 and a finite-sample drop sd ≈ 0.006 at 2000 test samples; trained CMI from a random start measured drops 0.006–0.02; Base loses 0.087 VE (closed form) on the linear-Gaussian process and ≥ 0.05 accuracy on the binary ones at ρ_test = −0.8. 0.04 sits between.',
  },
  block: {
    value: 0.05,
    why: 'Block-class distance (unexplained variance of the best block-wise kernel map, out of sample) for trained encoders: the in-class oracle leaves ≈ 0.02 (its own 2 % noise), trained CMI 0.002–0.03; the mixing encoder (off-diagonal 0.6) leaves ≥ 0.15. Looser than the class’s exact threshold 0.01 because training leaves estimation error.',
  },
  closedForm: {
    value: 0.03,
    why: 'Trained linear learners against their closed-form VE (linear-Gaussian): Base is the same least-squares problem (measured |ΔVE| ≤ 0.005); CMI with a finite λ = 100 and a windowed conditional shuffle lands 0.005–0.01 above 1/(1 + σ²) in train and 0.005–0.015 away at ρ_test; MI is compared with the optimum of its own finite-λ objective (`miSolutionAtLambda`: train VE 0.7214 at λ = 100, σ² = 0.1), not with the λ → ∞ limit 0.698, which the full profile’s longer runs missed by 0.013–0.040 (train VE 0.711–0.738, 3 of 8 over 0.03); trained MI measured 0.711–0.738 (full, 8 of 8 within 0.016) and 0.735 / 0.686 (quick, 800 steps: the second 0.036 away and failing; another optimiser seed on that world gave 0.7005, and 2000 / 4000 steps 0.687 / 0.682 — the final iterate of constant-rate Adam jitters about the optimum by ±0.02–0.035 in VE, along the direction that trades correlation for VE) against 0.7214. 0.03 covers most of these; the rule claims 0.9; the gaps between the objectives are ≥ 0.087.',
  },
  miLoss: {
    value: 0.1,
    why: 'Base+MI must lose at least 0.1 train VE against the CMI optimum 1/(1 + σ²) (closed form: 0.909 − 0.698 = 0.21 at σ² = 0.1; trained 0.19).',
  },
  vacuous: {
    value: 0.01,
    why: 'At σ² = 1e-3 the Wiener filter is ≈ I: closed-form Base drop at ρ_test = −0.8 is 2e-3; trained Base measured ≤ 5e-3. 0.01 states that robustness no longer distinguishes the objectives.',
  },
} as const;

/**
 * Settings per profile: samples, steps, and encoder widths. Binary attributes use the linear encoder in both
 * profiles: with an MLP encoder the MMD penalty does not bring the conditional dependence to zero and the learner
 * is not robust even without a mixing (FINDING, `cmi-mlp-not-robust`; the full profile first had MLP [32] here and
 * failed its first 2 of 12 trials: drops 0.112 / 0.095, kNN CMI 0.23 / 0.86 nats), so the positive binary claim is
 * checked where the estimator can enforce it and the MLP case is a worked example of its own.
 */
const SETTINGS: Record<ProfileName, { count: number; test: number; steps: number; hiddenBinary: number[]; hiddenBinaryMlp: number[]; hiddenMixed: number[]; hiddenImages: number[]; imageCount: number; imageSteps: number }> = {
  quick: { count: 4000, test: 2000, steps: 800, hiddenBinary: [], hiddenBinaryMlp: [32], hiddenMixed: [32], hiddenImages: [32], imageCount: 4000, imageSteps: 600 },
  full: { count: 8000, test: 4000, steps: 2000, hiddenBinary: [], hiddenBinaryMlp: [32], hiddenMixed: [64, 64], hiddenImages: [64], imageCount: 10000, imageSteps: 2000 },
};

/** λ of the MMD penalties (the head losses are O(0.1–0.7); the MMD² of a correlated pair is O(0.01–0.05)). */
export const LAMBDA = 100;

/**
 * λ for binary attributes with d ≥ 4 (full profile): with λ = 100 the linear learner kept exploiting the other
 * attributes there (full profile, 4 of 5 worlds with d ∈ {4, 10}: train accuracy 0.95–0.97 above the one-attribute
 * optimum 0.92, Gaussian CMI 0.19–1.08 nats, drops 0.048–0.065 > 0.04): the gain from d − 1 correlated attributes
 * outweighs a penalty whose MMD² per subspace stays O(0.01–0.05). Measured on the first d = 4 world: λ = 400 drop
 * 0.027 (CMI 0.040), λ = 1000 drop 0.019 (CMI 0.019); on the first d = 10 world λ = 1000: drop 0.037 (Gaussian CMI
 * 0.28 — still leaning on the others, just inside the band: the full profile's d = 10 worlds are the hardest). d = 2 keeps λ = 100 (its failures are the swapped basin, which
 * λ does not change).
 */
export const LAMBDA_MANY = 1000;

/** The penalty weight of a world: LAMBDA, or LAMBDA_MANY for binary attributes with d ≥ 4. */
export function lambdaFor(p: FunkeProcess): number {
  return p.kind === 'binary' && p.d >= 4 ? LAMBDA_MANY : LAMBDA;
}

/**
 * The adversarial estimator's weight and learning rate: the flipped-label encoder loss is O(1) per discriminator
 * (not O(0.01) like MMD²), and the two players need a slower rate: λ = 0.5, Adam 3e-3. Measured on one world
 * (seed 7, 1000 steps): λ = 0.1 drop 0.029 / block distance 0.004; λ = 0.5 drop 0.002 / 0.000; λ = 1 at 1e-3 drop
 * −0.006 / 0.001; λ = 1 at 1e-2 diverged (heads destroyed, VE < 0). Not a property: on the quick profile's two
 * worlds it reached a block-diagonal but swapped solution (VE at ρ_test = −0.8: −1.29, block distance 0.010), so no
 * rate could be claimed from the runs made (src/funke/README.md); the setting is kept for `train(…, 'cmi-adversarial')`.
 */
export const ADVERSARIAL = { lambda: 0.5, learningRate: 3e-3, steps: { quick: 1000, full: 2500 } } as const;

function learnerFor(objective: FunkeObjective, encoder: FunkeLearnerConfig['encoder'], steps: number, lambda = LAMBDA, restarts = 1): Learner<AttributeData> {
  if (objective === 'cmi-adversarial')
    return funkeLearner({ objective, lambda: ADVERSARIAL.lambda, encoder, train: { steps, batchSize: 128, learningRate: ADVERSARIAL.learningRate, evalEvery: 100 } });
  return funkeLearner({ objective, lambda, encoder, restarts, restartSteps: BINARY_RESTART_STEPS, train: { steps, batchSize: 128, learningRate: 1e-2, evalEvery: 100 } });
}

/**
 * Restarts of the CMI learner on binary attributes (cmi-robust-binary): candidates probed for BINARY_RESTART_STEPS, the
 * lowest objective continues (src/train/restarts.ts). Measured (audit, seed 1934, quick, 50 worlds, one start):
 * 24 of 50 runs ended in the swapped basin (subspace i carrying attribute j, CMI ≈ 0, heads reading the correlated
 * attribute: drop 0.65–0.70, final running loss 0.88–0.94 against 0.43–0.45 in the right basin; by step 300 the two
 * are apart, 1.0–1.1 against ≤ 0.46); other starts on the same worlds land in either basin about equally often.
 */
export const BINARY_RESTARTS = 3;
/** Probe length of each of those starts. */
export const BINARY_RESTART_STEPS = 300;

interface World {
  process: FunkeProcess;
  seed: number;
}

type ProcessKind = FunkeProcess['kind'];

const seedArb = () => fc.noShrink(fc.integer());

/** Worlds of a process kind; structure (d, σ², mixing layers) shrinks, seeds never. */
function worldArb(kind: ProcessKind, profile: ProfileName, opts: { sigma2?: number } = {}): fc.Arbitrary<World> {
  const full = profile === 'full';
  switch (kind) {
    case 'linear-gaussian':
      return fc.record({ d: fc.constantFrom(...(full ? [2, 4] : [2])), seed: seedArb() }).map(({ d, seed }) => ({ process: { kind, d, rho: RHO_TRAIN, sigma2: opts.sigma2 ?? 0.1 }, seed }));
    case 'binary':
      return fc.record({ d: fc.constantFrom(...(full ? [2, 4, 10] : [2])), seed: seedArb() }).map(({ d, seed }) => ({ process: { kind, d, rho: RHO_TRAIN, sigma2: 0.5 }, seed }));
    case 'binary-mixed':
      return fc
        .record({ d: fc.constantFrom(...(full ? [2, 4] : [2])), layers: fc.integer({ min: 1, max: full ? 2 : 1 }), mseed: seedArb(), seed: seedArb() })
        .map(({ d, layers, mseed, seed }) => ({
          process: { kind, d, rho: RHO_TRAIN, sigma2: 0.5, mixing: { kind: 'leaky-relu-mlp' as const, n: d, layers, negativeSlope: 0.5, maxCondition: 10, seed: mseed } },
          seed,
        }));
    case 'images':
      return seedArb().map((seed) => ({ process: { kind, rho: RHO_TRAIN, occlusion: 0.2 }, seed }));
  }
}

function encoderFor(kind: ProcessKind, profile: ProfileName): FunkeLearnerConfig['encoder'] {
  const s = SETTINGS[profile];
  if (kind === 'linear-gaussian') return 'linear';
  if (kind === 'binary') return s.hiddenBinary.length ? { hidden: s.hiddenBinary } : 'linear';
  if (kind === 'binary-mixed') return { hidden: s.hiddenMixed };
  return { hidden: s.hiddenImages };
}

/** Train the world's learner: `penaltyShuffle` for the shuffled-label control, `encoder` to override the process's, `restarts` for the binary CMI property. */
function train(w: World, objective: FunkeObjective, profile: ProfileName, ctx?: CheckContext, opts: { penaltyShuffle?: boolean; encoder?: FunkeLearnerConfig['encoder']; restarts?: number } = {}) {
  const { penaltyShuffle = false, encoder, restarts = 1 } = opts;
  const s = SETTINGS[profile];
  const images = w.process.kind === 'images';
  const steps = objective === 'cmi-adversarial' ? ADVERSARIAL.steps[profile] : images ? s.imageSteps : s.steps;
  // The MLP worked example keeps λ = 100 (its finding is about that setting).
  const base = learnerFor(objective, encoder ?? encoderFor(w.process.kind, profile), steps, encoder ? LAMBDA : lambdaFor(w.process), restarts);
  // The shuffled-label control feeds the penalty a row-permuted copy of the attributes (heads keep the true ones).
  const learner: Learner<AttributeData> = penaltyShuffle
    ? {
        name: `${base.name}, penalty conditioned on shuffled labels`,
        objective: base.objective,
        fit: (data, seeds) => {
          const perm = new Rng(w.seed).child('label-shuffle').permutation(data.x.length);
          return base.fit({ ...data, penaltyAttributes: perm.map((j) => data.attributes[j]) }, seeds);
        },
      }
    : base;
  return runFunkeTrial(w.process, learner, {
    count: images ? s.imageCount : s.count,
    testCount: s.test,
    testRhos: TEST_RHOS,
    seed: w.seed,
    attempt: ctx?.attempt,
    override: objective === 'cmi' && !penaltyShuffle ? ctx?.learner : undefined,
  });
}

/** Evaluate a training-free encoder the same way (oracle controls). */
function judgeEncoder(w: World, profile: ProfileName, encode: (x: Mat) => Mat): FunkeEvaluation {
  const s = SETTINGS[profile];
  const trainData = sampleProcess(w.process, s.test, new Rng(w.seed).child('oracle-train'));
  return evaluateEncoder(w.process, encode, { trainData, testCount: s.test, testRhos: TEST_RHOS, seed: new Rng(w.seed).child('oracle-eval').seed });
}

/** CMI claim: drop ≤ band and (where defined) block distance ≤ threshold. */
function judgeRobust(e: FunkeEvaluation): TrialOutcome {
  // In the class AND on the heads' pairing: a swapped solution (subspace i carrying attribute j) is block-diagonal
  // up to a permutation, CMI = 0 too (anti-diagonal W), but its heads exploit the correlation.
  const blockOk = e.block === null || (e.block.distance <= TOL.block.value && e.block.ownAttribute);
  return { pass: e.drop <= TOL.band.value && blockOk, statistic: e.drop, details: evaluationDetails(e) };
}

/** Linear-Gaussian: also land on the closed form. */
function judgeRobustClosed(w: World, e: FunkeEvaluation): TrialOutcome {
  const o = judgeRobust(e);
  const p = w.process as FunkeProcess & { kind: 'linear-gaussian' };
  const c = cmiSolution(p);
  const gap = Math.max(Math.abs(e.train - c.trainVE), ...e.tests.map((t) => Math.abs(t.score - c.testVE(t.rho))));
  return { ...o, pass: o.pass && gap <= TOL.closedForm.value, details: { ...o.details, closedFormGap: Math.round(gap * 1e4) / 1e4 } };
}

const outcome = (o: TrialOutcome, e: FunkeEvaluation, train?: import('../src/train/types.ts').TrainResult): TrialOutcome => ({ ...o, artifacts: evaluationArtifacts(e, train) });

/** The block class with one 1-dimensional block per attribute (kernel within-block maps): what `identify` adds to the lattice for this family. */
const attributeBlocks = (w: World): EquivalenceClass[] => (w.process.kind === 'images' ? [] : [blockClass({ blocks: new Array<number>(w.process.d).fill(1) })]);

/**
 * Predictions for `identify` (the map from the factors u = a + ε to ẑ; images have no factors): the CMI optimum
 * of a linear encoder is a diagonal W (element-wise scaling, src/funke/theory.ts), with an MLP encoder one
 * invertible map per attribute (the block class); Base, Base+MI and the shuffled-label control mix the attributes
 * (a full W: affine).
 */
const predicts = (predicted: string) => ({ predicted, classes: attributeBlocks });

function robustProperty(kind: ProcessKind, label: string): PropertySpec<World> {
  const lg = kind === 'linear-gaussian';
  return {
    id: `cmi-robust-${kind}`,
    kind: 'trained',
    role: 'positive',
    statement: `Base+CMI (MMD, λ = ${LAMBDA}${kind === 'binary' ? `; ${LAMBDA_MANY} for d ≥ 4` : ''}, ${kind === 'binary' ? `best of ${BINARY_RESTARTS} random starts by the objective after ${BINARY_RESTART_STEPS} steps` : 'random start'}) trained at ρ = ${RHO_TRAIN} on ${label} keeps its ${lg ? 'VE' : 'accuracy'} within ${TOL.band.value} over ρ_test ∈ {−0.8, 0, 0.8}${kind === 'images' ? '' : ` and each subspace carries its own attribute only (block-class distance ≤ ${TOL.block.value})`}${lg ? `, landing within ${TOL.closedForm.value} of the closed form 1/(1 + σ²)` : ''}.`,
    statisticName: `drop of ${lg ? 'VE' : 'accuracy'} (train − worst test)`,
    threshold: TOL.band.value,
    direction: 'at-most',
    // Claimed rate 0.7, not 0.9: from a random start the learner lands in a failing solution in a minority of seeds
    // (measured: 2 of 6 runs on linear-Gaussian / binary data, block-diagonal up to a swap of the subspaces or with
    // one subspace reading both attributes; src/funke/README.md), so the claim is about the learner's rate. The
    // audit (seed 1934, 50 worlds) measured 26/50 on binary data with one start, all 24 failures the swapped basin:
    // binary worlds now take the best of BINARY_RESTARTS starts by the objective (the rate is re-audited in the README).
    rule: ruleByProfile([4, 1], [12, 6], 0.7),
    learnerSlot: FUNKE_LEARNER_SLOT,
    arbitrary: (profile) => worldArb(kind, profile),
    check: (w, profile, ctx) => {
      const t = train(w, 'cmi', profile, ctx, { restarts: kind === 'binary' ? BINARY_RESTARTS : 1 });
      const o = lg ? judgeRobustClosed(w, t) : judgeRobust(t);
      return outcome({ ...o, details: { ...o.details, steps: t.trainRun.steps, learner: t.learnerName } }, t, t.trainRun);
    },
    oracle: {
      positive: (w, profile) => judgeRobust(judgeEncoder(w, profile, diagonalEncoder(w.process, w.seed))),
      negative: (w, profile) => judgeRobust(judgeEncoder(w, profile, mixingEncoder(w.process, w.seed))),
    },
    ...(kind === 'images' ? {} : { identify: predicts(lg ? 'elementwise-scaling' : 'block') }),
    describeWorld: (w) => w,
  };
}

/** The finite-λ Base+MI optimum of a linear-Gaussian world (about 1 s to solve; cached per (ρ, σ²)). */
const miOptima = new Map<string, ReturnType<typeof miSolutionAtLambda>>();
function miAtLambda(p: FunkeProcess & { kind: 'linear-gaussian' }) {
  const key = `${p.rho}/${p.sigma2}`;
  if (!miOptima.has(key)) miOptima.set(key, miSolutionAtLambda({ d: 2, rho: p.rho, sigma2: p.sigma2 }, LAMBDA));
  return miOptima.get(key)!;
}

const lgWorld = (w: World) => w.process as FunkeProcess & { kind: 'linear-gaussian' };

export default defineTheorem({
  id: 'funke2022.shift.trained',
  title: 'Conditional-MI minimisation keeps a representation disentangled and robust under correlation shift (trained)',
  citation: {
    authors: 'Christina M. Funke, Paul Vicol, Kuan-Chieh Wang, Matthias Kümmerer, Richard Zemel, Matthias Bethge',
    year: 2022,
    title: 'Disentanglement and Generalization Under Correlation Shifts',
    venue: 'CoLLAs 2022',
    where: '§3–5 (CMI objective, MMD and adversarial estimators, linear-Gaussian, correlated binary attributes, two-digit images)',
  },
  claim:
    'Minimising the task loss plus the conditional mutual information Σᵢ I(zᵢ; z₋ᵢ | aᵢ) between subspaces, each subspace carries its own attribute only, and its predictions stay accurate when the attribute correlation changes at test time; Base exploits the correlation and degrades, and the unconditional MI penalty hurts even training performance.',
  assumptions: [
    { id: 'rho-train', statement: `Attributes correlated with ρ_train = ${RHO_TRAIN} (signed equicorrelation for d > 2; src/funke/process.ts); test at ρ ∈ {−0.8, 0, 0.8}.` },
    { id: 'processes', statement: 'Linear-Gaussian (σ² = 0.1; d = 2 quick, 2 or 4 full); binary a ∈ {±1}^d, x = a + ε (σ² = 0.5; d = 2 quick, 2/4/10 full); the same through a conditioned leaky-ReLU mixing (slope 0.5, κ ≤ 10); 16 × 32 two-glyph images with occlusion t = 0.2.' },
    { id: 'estimator', statement: 'Penalty: RBF MMD² between z and z with block i shuffled within the batch’s samples sharing aᵢ (continuous aᵢ: windows of 8 sorted samples), λ = 100, batch 128, bandwidth √dim(z) on batch-standardised z.' },
    {
      id: 'random-start',
      statement: `Every learner starts from a random encoder (Glorot / He), not at the analytic optimum as the authors’ released CMI code does. cmi-robust-binary takes the best of ${BINARY_RESTARTS} random starts by the objective’s value after ${BINARY_RESTART_STEPS} steps (src/train/restarts.ts): one start lands in the swapped basin about half the time (audit, 50 worlds: 24 of 50), a basin with twice the objective value.`,
    },
  ],
  learner: {
    name: 'funke learner (src/funke/learner.ts): linear encoder (linear-Gaussian; binary quick), MLP [32] / [64, 64] (binary full, mixed), [32] / [64] (images); linear head per subspace; Adam 1e-2, batch 128, 800 (quick) / 2000 (full) steps',
    objective: 'Σᵢ ℓ(headᵢ(zᵢ), aᵢ) + λ Σᵢ MMD²(z, z̃ᵢ), z̃ᵢ = z with block i shuffled within groups of aᵢ (CMI) or among all samples (MI); λ = 0 (Base)',
  },
  predictedClass: { name: 'block (one block per attribute, invertible map within each block)', classId: 'block' },
  controls: [
    'Base trained at ρ = 0.8 loses VE on the anti-correlated test (and matches its closed form).',
    'The MI penalty loses train VE against the CMI optimum (and lands near its closed form).',
    'σ² → 0 makes CMI vacuous: Base is robust too (no class check there).',
    'Conditioning the penalty on a shuffled label breaks robustness (it becomes an MI penalty).',
    'Finding (worked example): through a nonlinear mixing, the MMD-CMI learner with an MLP encoder is not robust (cmi-mixed-not-robust); a 10× larger λ lowers both the MMD and the Gaussian CMI estimate of its latents yet doubles the drop (measured, src/funke/README.md).',
    'Finding (worked example): the mixing is not the cause — on x = a + ε without a mixing the MMD-CMI learner with an MLP encoder is not robust either (cmi-mlp-not-robust; 7 of 7 runs, drops 0.06–0.11), while its linear encoder is (drop 0.015 on the same world): the MMD penalty at λ = 100 leaves conditional dependence of an MLP encoder that a kNN estimate sees (0.06–0.86 nats), so CMI is not minimised and the theorem does not apply; the positive binary claim uses the linear encoder in both profiles.',
  ],
  tolerances: TOL,
  properties: [
    robustProperty('linear-gaussian', 'linear-Gaussian data (linear encoder)'),
    robustProperty('binary', 'correlated binary attributes x = a + ε'),
    {
      id: 'cmi-mixed-not-robust',
      kind: 'trained',
      role: 'worked-example',
      statement: `FINDING: on binary attributes observed through an invertible leaky-ReLU mixing, Base+CMI with the MMD penalty (λ = ${LAMBDA}, MLP encoder, random start) is NOT robust in at least half of the worlds: its accuracy drops by more than ${TOL.band.value} at ρ_test = −0.8 (the claim of cmi-robust-binary does not carry over reliably to the nonlinear case with this estimator and budget).`,
      statisticName: 'drop of accuracy (train − worst test)',
      threshold: TOL.band.value,
      direction: 'at-least',
      // Claimed rate 0.5 ("in at least half of the worlds"): measured not robust in 3 of 5 runs (2 quick trials, seed 7;
      // the shift study's two seeds at the default mixing stayed within 0.05 at ρ_test = −1).
      rule: ruleByProfile([5, 1], [12, 3], 0.5),
      learnerSlot: FUNKE_LEARNER_SLOT,
      arbitrary: (profile) => worldArb('binary-mixed', profile),
      check: (w, profile, ctx) => {
        const t = train(w, 'cmi', profile, ctx);
        return outcome({ pass: t.drop > TOL.band.value, statistic: t.drop, details: { ...evaluationDetails(t), steps: t.trainRun.steps, learner: t.learnerName } }, t, t.trainRun);
      },
      oracle: {
        // The check reads "not robust": the mixing encoder (out of class) passes it, the diagonal one fails it.
        positive: (w, profile) => {
          const e = judgeEncoder(w, profile, mixingEncoder(w.process, w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
        negative: (w, profile) => {
          const e = judgeEncoder(w, profile, diagonalEncoder(w.process, w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
      },
      identify: predicts('block'),
      describeWorld: (w) => w,
    },
    {
      id: 'cmi-mlp-not-robust',
      kind: 'trained',
      role: 'worked-example',
      statement: `FINDING: on correlated binary attributes x = a + ε (no mixing), Base+CMI with the MMD penalty (λ = ${LAMBDA}) and an MLP encoder (hidden [32]) is NOT robust in at least half of the worlds: its accuracy drops by more than ${TOL.band.value} at ρ_test = −0.8 (the linear encoder on the same data is, cmi-robust-binary): the penalty leaves conditional dependence the kNN estimate sees.`,
      statisticName: 'drop of accuracy (train − worst test)',
      threshold: TOL.band.value,
      direction: 'at-least',
      // Claimed rate 0.5 ("in at least half of the worlds"): measured not robust in 7 of 7 runs — quick settings,
      // d = 2, 3 worlds: drops 0.063 / 0.059 / 0.088 (kNN CMI 0.17 / 0.06 / 0.23 nats, Gaussian CMI ≤ 0.02); full
      // settings (2000 steps) d = 2 / 4: 0.095 / 0.112, and at Adam 3e-3 0.062 / 0.081, Adam 1e-3 × 4000 steps 0.069,
      // bandwidths {0.5, 1, 2}·√dim 0.105, λ = 300 0.081 — while the linear encoder on the d = 2 world: 0.015.
      rule: ruleByProfile([5, 1], [12, 3], 0.5),
      learnerSlot: FUNKE_LEARNER_SLOT,
      arbitrary: (profile) => worldArb('binary', profile),
      check: (w, profile, ctx) => {
        const t = train(w, 'cmi', profile, ctx, { encoder: { hidden: SETTINGS[profile].hiddenBinaryMlp } });
        return outcome({ pass: t.drop > TOL.band.value, statistic: t.drop, details: { ...evaluationDetails(t), steps: t.trainRun.steps, learner: t.learnerName } }, t, t.trainRun);
      },
      oracle: {
        // The check reads "not robust": the mixing encoder (out of class) passes it, the diagonal one fails it.
        positive: (w, profile) => {
          const e = judgeEncoder(w, profile, mixingEncoder(w.process, w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
        negative: (w, profile) => {
          const e = judgeEncoder(w, profile, diagonalEncoder(w.process, w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
      },
      identify: predicts('block'),
      describeWorld: (w) => w,
    },
    robustProperty('images', 'two-part glyph images with occlusion (MLP encoder)'),
    {
      id: 'base-degrades-anticorrelated',
      kind: 'trained',
      role: 'negative-control',
      statement: `Base (no penalty) trained at ρ = ${RHO_TRAIN} on linear-Gaussian data loses more than ${TOL.band.value} VE at ρ_test = −0.8, and lands within ${TOL.closedForm.value} of its closed form (the Wiener filter) at every test correlation.`,
      statisticName: 'drop of VE (train − worst test)',
      threshold: TOL.band.value,
      direction: 'at-least',
      rule: ruleByProfile([2, 1], [8, 6], 0.9),
      arbitrary: (profile) => worldArb('linear-gaussian', profile),
      check: (w, profile, ctx) => {
        const t = train(w, 'base', profile, ctx);
        const c = baseSolution(lgWorld(w));
        const gap = Math.max(Math.abs(t.train - c.trainVE), ...t.tests.map((x) => Math.abs(x.score - c.testVE(x.rho))));
        return outcome({ pass: t.drop > TOL.band.value && gap <= TOL.closedForm.value, statistic: t.drop, details: { ...evaluationDetails(t), closedFormGap: Math.round(gap * 1e4) / 1e4 } }, t, t.trainRun);
      },
      oracle: {
        positive: (w, profile) => {
          const e = judgeEncoder(w, profile, wienerEncoder(lgWorld(w), w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
        negative: (w, profile) => {
          const e = judgeEncoder(w, profile, diagonalEncoder(w.process, w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
      },
      identify: predicts('affine'),
      describeWorld: (w) => w,
    },
    {
      id: 'mi-loses-train-ve',
      kind: 'trained',
      role: 'negative-control',
      statement: `Base+MI (MMD, λ = ${LAMBDA}) trained at ρ = ${RHO_TRAIN} on 2-D linear-Gaussian data has a train VE at least ${TOL.miLoss.value} below the CMI optimum 1/(1 + σ²), within ${TOL.closedForm.value} of the optimum of its own objective at that λ (closed form, population MMD²).`,
      statisticName: '1/(1 + σ²) − train VE of Base+MI',
      threshold: TOL.miLoss.value,
      direction: 'at-least',
      rule: ruleByProfile([2, 1], [8, 6], 0.9),
      arbitrary: (profile) => worldArb('linear-gaussian', profile).map((w) => ({ ...w, process: { ...lgWorld(w), d: 2 } })),
      check: (w, profile, ctx) => {
        const t = train(w, 'mi', profile, ctx);
        const p = lgWorld(w);
        const loss = 1 / (1 + p.sigma2) - t.train;
        const gap = Math.abs(t.train - miAtLambda(p).trainVE);
        return outcome({ pass: loss >= TOL.miLoss.value && gap <= TOL.closedForm.value, statistic: loss, details: { ...evaluationDetails(t), closedFormGap: Math.round(gap * 1e4) / 1e4 } }, t, t.trainRun);
      },
      oracle: {
        positive: (w, profile) => {
          const e = judgeEncoder(w, profile, miEncoder(lgWorld(w), w.seed));
          const loss = 1 / (1 + lgWorld(w).sigma2) - e.train;
          return { pass: loss >= TOL.miLoss.value, statistic: loss, details: evaluationDetails(e) };
        },
        negative: (w, profile) => {
          const e = judgeEncoder(w, profile, diagonalEncoder(w.process, w.seed));
          const loss = 1 / (1 + lgWorld(w).sigma2) - e.train;
          return { pass: loss >= TOL.miLoss.value, statistic: loss, details: evaluationDetails(e) };
        },
      },
      identify: predicts('affine'),
      describeWorld: (w) => w,
    },
    {
      id: 'sigma-zero-vacuous',
      kind: 'trained',
      role: 'negative-control',
      statement: `With σ² = 1e-3 the claim is vacuous: Base (no penalty) is robust too (drop ≤ ${TOL.vacuous.value}); the class check is not asserted here (any invertible W reads both attributes exactly).`,
      statisticName: 'drop of Base VE (train − worst test)',
      threshold: TOL.vacuous.value,
      direction: 'at-most',
      rule: ruleByProfile([2, 1], [8, 6], 0.9),
      arbitrary: (profile) => worldArb('linear-gaussian', profile, { sigma2: 1e-3 }),
      check: (w, profile, ctx) => {
        const t = train(w, 'base', profile, ctx);
        return outcome({ pass: t.drop <= TOL.vacuous.value, statistic: t.drop, details: evaluationDetails(t) }, t, t.trainRun);
      },
      oracle: {
        positive: (w, profile) => {
          const e = judgeEncoder(w, profile, wienerEncoder(lgWorld(w), w.seed, 0));
          return { pass: e.drop <= TOL.vacuous.value, statistic: e.drop, details: evaluationDetails(e) };
        },
        negative: (w, profile) => {
          const e = judgeEncoder(w, profile, mixingEncoder(w.process, w.seed, 0.6, 0));
          return { pass: e.drop <= TOL.vacuous.value, statistic: e.drop, details: evaluationDetails(e) };
        },
      },
      identify: predicts('affine'),
      describeWorld: (w) => w,
    },
    {
      id: 'shuffled-label-breaks-robustness',
      kind: 'trained',
      role: 'negative-control',
      statement: `Base+CMI whose penalty conditions on a shuffled copy of the attributes (heads keep the true ones) loses more than ${TOL.band.value} VE at ρ_test = −0.8: conditioning on the right variable is what makes CMI robust.`,
      statisticName: 'drop of VE (train − worst test)',
      threshold: TOL.band.value,
      direction: 'at-least',
      rule: ruleByProfile([2, 1], [8, 6], 0.9),
      arbitrary: (profile) => worldArb('linear-gaussian', profile).map((w) => ({ ...w, process: { ...lgWorld(w), d: 2 } })),
      check: (w, profile, ctx) => {
        const t = train(w, 'cmi', profile, ctx, { penaltyShuffle: true });
        return outcome({ pass: t.drop > TOL.band.value, statistic: t.drop, details: evaluationDetails(t) }, t, t.trainRun);
      },
      oracle: {
        positive: (w, profile) => {
          const e = judgeEncoder(w, profile, miEncoder(lgWorld(w), w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
        negative: (w, profile) => {
          const e = judgeEncoder(w, profile, diagonalEncoder(w.process, w.seed));
          return { pass: e.drop > TOL.band.value, statistic: e.drop, details: evaluationDetails(e) };
        },
      },
      identify: predicts('affine'),
      describeWorld: (w) => w,
    },
  ],
});
