/**
 * The Feige family's report (src/feige/README.md): semi-supervised accuracy at 1 %, 10 %, 100 % labels for
 * the routed learner and both baselines (no-routing, M2), and the figures — latent traversals along v for
 * every class (decoded 16 × 16 images), v coloured by the true angle per class, r per class.
 *
 *   node --import tsx scripts/feige-report.ts [--out DIR] [--seeds N] [--profile quick|full]
 *
 * Deterministic: worlds, data and training seeds derive from the seed indices 1 … N.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../src/tfjs/backend.ts';
import { Rng } from '../src/rng/rng.ts';
import { resolveProfile } from '../src/theorem/profile.ts';
import { planeGroupParams } from '../src/feige/arbitraries.ts';
import { buildWorld, classManifoldData, learnerView } from '../src/feige/process.ts';
import type { ClassManifoldProcess } from '../src/feige/types.ts';
import { rByClassSpec, specToFiles, sslAccuracyTable, sslMarkdown, svgToPng, traversalSvg, vByAngleSpec } from '../src/feige/report.ts';
import { classifierAccuracy, pooledR2, perClassR2, vClassAccuracy } from '../src/feige/trial.ts';
import { SETTINGS, learnerFor } from '../theorems/feige2019-trained.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const out = arg('out', 'report-feige');
const seedCount = Number(arg('seeds', '3'));
const profile = resolveProfile(arg('profile', 'quick'));
mkdirSync(join(out, 'figures'), { recursive: true });
await initBackend();

const pointWorld = (seed: number): ClassManifoldProcess => ({
  classes: 3,
  template: { kind: 'random', points: 5 },
  group: planeGroupParams('rotation'),
  maxAngle: (3 * Math.PI) / 4,
  renderer: { kind: 'point-mlp', features: 24, hidden: 32 },
  labelFraction: 1,
  seed: seed * 7919,
});

const t0 = performance.now();
const s = SETTINGS[profile];
const cells = sslAccuracyTable(
  pointWorld,
  [
    { label: 'routed (ours)', learner: learnerFor('routed', profile) },
    { label: 'M2 (Kingma et al. 2014)', learner: learnerFor('m2', profile) },
    { label: 'no routing', learner: learnerFor('no-routing', profile) },
  ],
  [0.01, 0.1, 1],
  Array.from({ length: seedCount }, (_, i) => i + 1),
  { count: s.samples, testCount: s.test, onCell: (c) => console.log(`${c.learner} @ ${c.labelFraction}: ${c.accuracies.map((a) => a.toFixed(3)).join(' ')}`) },
);
const table = sslMarkdown(cells);
writeFileSync(join(out, 'ssl-accuracy.md'), `Test accuracy of argmax q(y|x), median [min, max] over ${seedCount} seeds (${profile} profile, ${s.samples} training rows, ${s.test} test rows, K = 3)\n\n${table}\n`);
writeFileSync(join(out, 'ssl-accuracy.json'), JSON.stringify({ profile, seeds: seedCount, cells }, null, 2));
console.log(table);

// Figures: an image world (16 × 16 splats) so the traversals can be looked at.
const imageProcess: ClassManifoldProcess = { ...pointWorld(1), renderer: { kind: 'image', size: 16 }, labelFraction: 1 };
const world = buildWorld(imageProcess);
const rng = new Rng(1);
const data = classManifoldData(world, s.samples, rng.child('data'));
const test = classManifoldData(world, 600, rng.child('test'), 0);
const summary: Record<string, unknown> = {};
for (const variant of ['routed', 'no-routing'] as const) {
  const m = learnerFor(variant, profile).fit(learnerView(data), { init: new Rng(11), batching: new Rng(12) });
  try {
    const e = m.encode(test.x);
    const ev = { ...e, y: test.y, theta: test.theta, transform: test.transform, classes: 3 };
    summary[variant] = { accuracy: classifierAccuracy(ev), perClassR2: perClassR2(ev), pooledR2: pooledR2(ev), vClass: vClassAccuracy(ev) };
    const v = await specToFiles(vByAngleSpec(e.v, test.y, test.theta, `v by true angle, per class (${variant}, 16×16 images)`));
    writeFileSync(join(out, 'figures', `v-by-angle-${variant}.svg`), v.svg);
    writeFileSync(join(out, 'figures', `v-by-angle-${variant}.png`), v.png);
    if (variant === 'routed') {
      const tr = traversalSvg(m, world, e.v);
      writeFileSync(join(out, 'figures', 'traversal-routed.svg'), tr);
      writeFileSync(join(out, 'figures', 'traversal-routed.png'), svgToPng(tr));
      const r = await specToFiles(rByClassSpec(e.r!, test.y, 'r = Σ q(k|x) r_k by class (routed)'));
      writeFileSync(join(out, 'figures', 'r-by-class.svg'), r.svg);
      writeFileSync(join(out, 'figures', 'r-by-class.png'), r.png);
    }
  } finally {
    m.dispose();
  }
}
writeFileSync(join(out, 'figures-summary.json'), JSON.stringify(summary, null, 2));
console.log(JSON.stringify(summary));
console.log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
