/**
 * A synthetic suite result for the report tests: two theorems, exact and trained properties, a failing
 * exact property with a counterexample, a failing trained property with a binomial test, artifacts
 * (latents, curves), and texts full of TeX specials and the Unicode our theorems use.
 */
import { Rng } from '../../src/rng/rng.ts';
import type { PropertyResult, StatisticSummary, SuiteResult, TheoremResult, TrialSummary } from '../../src/runner/types.ts';

/** Quartiles as the runner computes them (linear interpolation). */
function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function summary(name: string, values: (number | null)[]): StatisticSummary {
  const s = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return { name, min: null, median: null, max: null, q1: null, q3: null, count: 0 };
  return { name, min: s[0], median: quantile(s, 0.5), max: s[s.length - 1], q1: quantile(s, 0.25), q3: quantile(s, 0.75), count: s.length };
}

type Base = Pick<PropertyResult, 'theoremId' | 'propertyId' | 'role' | 'statement' | 'threshold' | 'direction'> & { statisticName: string };

/** An exact property: `values` of the worlds evaluated; a failure stops at the last one. */
export function exactProperty(b: Base, values: number[], fail = false, numRuns = values.length): PropertyResult {
  const p: PropertyResult = {
    theoremId: b.theoremId,
    propertyId: b.propertyId,
    kind: 'exact',
    role: b.role,
    statement: b.statement,
    threshold: b.threshold,
    direction: b.direction,
    verdict: fail ? 'fail' : 'pass',
    seed: 1234567,
    numRuns,
    trials: values.length,
    shrinks: fail ? 3 : 0,
    statistic: summary(b.statisticName, values),
    values,
    timing: { wallMs: 12 },
  };
  if (fail)
    p.counterexample = {
      seed: 1234567,
      path: '6:0:1',
      world: { n: 3, mechanisms: 'diag(1.20, −0.50, 2.00)', note: 'a_b & c' },
      outcome: { pass: false, statistic: values[values.length - 1], details: { residual: 0.25 } },
      replay: `latentcheck replay ${b.theoremId} ${b.propertyId} --seed 1234567 --path 6:0:1 --profile quick`,
    };
  return p;
}

/** A trained property with per-trial outcomes, a rule verdict, an optional test and artifacts. */
export function trainedProperty(
  b: Base,
  values: (number | null)[],
  opts: { minSuccesses: number; claimedRate?: number; test?: boolean; latents?: { n: number; rows: number; noise: number }; curves?: number } = { minSuccesses: 1 },
): PropertyResult {
  const passOf = (v: number | null) => v !== null && (b.direction === 'at-most' ? v <= b.threshold : v >= b.threshold);
  const outcomes: TrialSummary[] = values.map((v, index) => ({ index, status: v === null ? 'error' : 'done', pass: passOf(v), statistic: v }));
  const successes = outcomes.filter((o) => o.pass).length;
  const n = values.length;
  const pass = successes >= opts.minSuccesses;
  const claimedRate = opts.claimedRate ?? 0.9;
  const p: PropertyResult = {
    theoremId: b.theoremId,
    propertyId: b.propertyId,
    kind: 'trained',
    role: b.role,
    statement: b.statement,
    threshold: b.threshold,
    direction: b.direction,
    verdict: pass ? 'pass' : 'fail',
    seed: 987654321,
    numRuns: n,
    trials: n,
    shrinks: 0,
    statistic: summary(b.statisticName, values),
    values,
    outcomes,
    rule: {
      successes,
      trials: n,
      pass,
      rate: successes / n,
      interval95: [Math.max(0, successes / n - 0.3), Math.min(1, successes / n + 0.2)],
      lower95: Math.max(0, successes / n - 0.25),
      falseFailureRate: 0.0127,
      certifiedRate: 0.512,
      rule: { trials: n, minSuccesses: opts.minSuccesses, claimedRate },
      statement: `pass if ≥ ${opts.minSuccesses} of ${n} trials succeed; at a true rate of ${claimedRate} this fails with probability 0.0127; a pass certifies a rate ≥ 0.512 (one-sided 95%)`,
    },
    failedTrials: outcomes
      .filter((o) => !o.pass)
      .map((o) => ({ index: o.index, statistic: o.statistic, replay: `latentcheck replay ${b.theoremId} ${b.propertyId} --seed 987654321 --path ${o.index} --profile quick` })),
    timing: { wallMs: 3400 },
  };
  if (opts.test)
    p.test = { pValue: pass ? 0.41 : 0.0021, pValueRange: pass ? [0.41, 0.41] : [0.0009, 0.0021], alpha: 0.05, method: 'holm', rejected: !pass, stoppedEarly: !pass };
  if (!pass) {
    const f = p.failedTrials![0];
    p.counterexample = { seed: 987654321, path: String(f.index), world: null, outcome: { pass: false, statistic: f.statistic }, replay: f.replay };
  }
  const rng = new Rng(42);
  if (opts.latents) {
    const { n: dims, rows, noise } = opts.latents;
    const z = Array.from({ length: rows }, () => Array.from({ length: dims }, () => rng.normal()));
    const mapped = z.map((row) => row.map((v) => v + noise * rng.normal()));
    p.artifacts = { ...p.artifacts, latents: { trial: 0, z, mapped, className: 'permutation+scaling' } };
  }
  if (opts.curves) {
    const curves: NonNullable<NonNullable<PropertyResult['artifacts']>['curves']> = [];
    for (let trial = 0; trial < opts.curves; trial++)
      for (const label of ['seed A', 'seed B']) {
        const rate = 0.002 * (1 + 0.3 * rng.uniform());
        const floor = 1e-3 * (1 + rng.uniform());
        const points: [number, number][] = [];
        for (let step = 0; step <= 2500; step += 50) points.push([step, floor + Math.exp(-rate * step) * (1 + 0.05 * rng.normal())]);
        curves.push({ trial, label, points });
      }
    p.artifacts = { ...p.artifacts, curves };
  }
  return p;
}

/** The two-theorem suite result. */
export function fixtureSuite(): SuiteResult {
  const rng = new Rng(7);
  const T1 = 'fixture2024.known_linear.exact';
  const T2 = 'fixture2024.trained';
  const t1: TheoremResult = {
    id: T1,
    title: 'Known linear mechanisms: ẑ = Mz with M in the centralizer (exact, 100% & #1)',
    citation: 'Doe, Roe & Poe (2024). Identifiability of $ and ~ in {braces}. Proc. ICML, Theorem 3.1.',
    claim:
      'If ‖m_k(z) − z‖² ≤ ε for every k and θ ∈ [0, 2π), then f∘g ∈ C(𝓜) — the centralizer — and ẑ = Az + b with A ∈ ℝⁿˣⁿ, AMₖ = MₖA; the loss ≈ 0 “exactly”.',
    predictedClass: 'linear centralizer of the mechanisms (A ⊕ B, σ ≥ 0)',
    assumptions: [
      { id: 'A1_linear', statement: 'Mechanisms mₖ(z) = Mₖz are linear and known; Mᵀ M ≠ I in general.' },
      { id: 'A2', statement: 'The mixing g: ℝⁿ → ℝⁿ is injective (50% of runs use a leaky-ReLU MLP).', toConfirm: true },
    ],
    verdict: 'fail',
    properties: [],
  };
  const b1 = { theoremId: T1, direction: 'at-most' as const, statisticName: 'normalised known-mechanism loss' };
  const memberValues = Array.from({ length: 20 }, () => 1e-15 * (1 + 9 * rng.uniform()));
  memberValues[3] = 0;
  t1.properties.push(
    exactProperty({ ...b1, propertyId: 'member-loss-zero', role: 'positive', statement: 'Every centralizer member has loss ≤ 1e-6 (A ∈ C(𝓜)).', threshold: 1e-6 }, memberValues),
    exactProperty(
      { ...b1, propertyId: 'non-member-loss-positive', role: 'negative-control', statement: 'A map outside the centralizer has loss ≥ 0.01 (δ > 0).', threshold: 0.01, direction: 'at-least' },
      [0.3, 0.12, 0.5, 0.08, 0.21, 0.04, 0.002],
      true,
      20,
    ),
    exactProperty(
      { ...b1, propertyId: 'worked-example-dimensions', role: 'worked-example', statement: 'dim C(𝓜) matches the predicted dimension.', threshold: 0, direction: 'equal', statisticName: 'max |computed − predicted| dimension' },
      [0, 0, 0, 0, 0],
    ),
  );
  const t2: TheoremResult = {
    id: T2,
    title: 'Trained encoders recover latents up to permutation and scaling',
    citation: 'Doe (2024). Trained identifiability. NeurIPS.',
    claim: 'A trained encoder ĝ satisfies ĝ∘g = P Λ + b (permutation P, diagonal Λ).',
    predictedClass: 'permutation+scaling',
    assumptions: [{ id: 'B1', statement: 'Distinct eigenvalues λ₁ ≠ λ₂ ≠ … ≠ λₙ.' }],
    verdict: 'fail',
    properties: [
      trainedProperty(
        { theoremId: T2, propertyId: 'permutation-scaling-recovered', role: 'positive', statement: 'The permutation+scaling distance of (z, ẑ) is ≤ 0.1.', threshold: 0.1, direction: 'at-most', statisticName: 'permutation+scaling distance of (z, ẑ)' },
        [0.021, 0.034, 0.018, 0.15, 0.027, null, 0.031, 0.025],
        { minSuccesses: 5, test: true, latents: { n: 3, rows: 300, noise: 0.08 }, curves: 4 },
      ),
      trainedProperty(
        { theoremId: T2, propertyId: 'identity-and-point-reflection-identify-nothing', role: 'negative-control', statement: 'With {I, −I} two seeds disagree: MCC ≤ 0.9.', threshold: 0.9, direction: 'at-most', statisticName: 'MCC (Pearson)' },
        [0.97, 0.95, 0.99, 0.62],
        { minSuccesses: 3, test: true, curves: 2 },
      ),
    ],
  };
  const all = [...t1.properties, ...t2.properties];
  const passed = all.filter((p) => p.verdict === 'pass').length;
  return {
    schema: 'latentcheck/results@1',
    seed: 20221,
    profile: 'quick',
    provenance: {
      latentcheck: '0.1.0',
      node: 'v20.20.0',
      versions: { '@tensorflow/tfjs': '4.22.0', 'fast-check': '4.10.2', jstat: null },
      backend: { name: 'wasm', requested: 'auto', tfjsVersion: '4.22.0', backendPackage: '@tensorflow/tfjs-backend-wasm', backendVersion: '4.22.0', wasmSimd: true },
      platform: 'linux',
      arch: 'x64',
      cpus: 2,
      cpuModel: 'Intel(R) Xeon(R) CPU @ 2.20GHz',
      gitCommit: '0123456789abcdef0123456789abcdef01234567',
    },
    summary: { theorems: 2, properties: all.length, passed, failed: all.length - passed },
    theorems: [t1, t2],
    timing: { startedAt: '2024-01-01T00:00:00.000Z', finishedAt: '2024-01-01T00:01:00.000Z', wallMs: 60000 },
  };
}

/**
 * A suite the size of the default one (≈ 25 properties over 6 theorems): every other property trained,
 * with latents (5 dimensions × 300 rows) and 12 trials × 2 training curves; exact ones with 100 worlds.
 */
export function largeSuite(): SuiteResult {
  const base = fixtureSuite();
  const rng = new Rng(11);
  const theorems: TheoremResult[] = [];
  let k = 0;
  for (let t = 0; t < 6; t++) {
    const id = `large.theorem-${t}`;
    const properties: PropertyResult[] = [];
    for (let j = 0; j < (t < 1 ? 5 : 4); j++, k++) {
      const b = { theoremId: id, propertyId: `property-${j}`, role: 'positive' as const, statement: 'Statistic ≤ 0.1.', threshold: 0.1, direction: 'at-most' as const, statisticName: 'distance' };
      properties.push(
        k % 2 === 0
          ? exactProperty(b, Array.from({ length: 100 }, () => 0.05 * rng.uniform()))
          : trainedProperty(b, Array.from({ length: 12 }, () => 0.15 * rng.uniform()), { minSuccesses: 6, test: true, latents: { n: 5, rows: 300, noise: 0.1 }, curves: 12 }),
      );
    }
    theorems.push({ ...base.theorems[0], id, properties, verdict: properties.every((p) => p.verdict === 'pass') ? 'pass' : 'fail' });
  }
  const all = theorems.flatMap((t) => t.properties);
  const passed = all.filter((p) => p.verdict === 'pass').length;
  return { ...base, theorems, summary: { theorems: theorems.length, properties: all.length, passed, failed: all.length - passed } };
}
