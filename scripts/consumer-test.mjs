// Consumer test: latentcheck used as a dependency, the way a researcher's own project uses it.
// Packs the package (prepack builds dist/), installs the tarball into an empty ESM project (its dependencies
// from the registry, the npm cache first), then checks there:
//   0. the tarball ships the compiled package and no tests, fixtures, benchmarks or reports;
//   1. plain Node imports `latentcheck` and `latentcheck/testing` and runs an exact property through the API;
//   2. `npx latentcheck list` and `npx latentcheck run --theorem <exact theorem>` work;
//   3. a vitest file using checkLearner and the matchers (registered by `latentcheck/testing/setup`) passes;
//   4. user theorem modules in TypeScript (the shipped template) and in JavaScript run with `--module`;
//   5. the consumer's TypeScript type-checks against the shipped .d.ts files.
// Plain Node, no dependencies; `npm run test:consumer`, and `.ci/run` after `npm test`. Exit 1 on a failed check.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'latentcheck-consumer-'));
const project = join(work, 'project');
const started = Date.now();
const keep = process.env.LATENTCHECK_KEEP_CONSUMER === '1';

const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
function step(title) {
  console.log(`consumer [${seconds()} s] ${title}`);
}
function fail(message) {
  console.error(`consumer: FAILED: ${message}`);
  console.error(`consumer: project kept at ${project}`);
  process.exit(1);
}
/** Run a command; its output is returned (and printed on failure). */
function run(cmd, args, cwd = project, env = {}) {
  try {
    return execFileSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    console.error(e.stdout ?? '');
    console.error(e.stderr ?? '');
    fail(`${cmd} ${args.join(' ')} exited with ${e.status}`);
  }
}
function expectIncludes(text, needle, what) {
  if (!text.includes(needle)) fail(`${what}: expected the output to contain ${JSON.stringify(needle)}; got:\n${text}`);
}

// 0. Pack (prepack builds dist/) and look at what would ship.
step('npm pack');
const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root))[0];
const tarball = join(work, packed.filename);
const files = packed.files.map((f) => f.path);
const forbidden = files.filter((f) => /^(src|tests|properties|bench|scripts|report|coverage|docs\/api)\//.test(f) || /\.test\.[cm]?[jt]s$/.test(f) || /fixtures?\//.test(f));
if (forbidden.length > 0) fail(`the tarball ships files that are not for users: ${forbidden.slice(0, 10).join(', ')}`);
for (const required of ['dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/testing/index.js', 'dist/src/testing/setup.js', 'dist/src/runner/worker.mjs', 'bin/latentcheck.js', 'examples/theorem-template.ts'])
  if (!files.includes(required)) fail(`the tarball lacks ${required}`);
console.log(`consumer: ${packed.filename}: ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked, ${files.length} files`);

// An empty ESM project, with the test tools a researcher's project would have.
step('npm install the tarball into an empty project');
run('mkdir', ['-p', project], work);
writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
run('npm', [
  'install',
  '--no-audit',
  '--no-fund',
  '--prefer-offline',
  tarball,
  `vitest@${own.devDependencies.vitest}`,
  `typescript@${own.devDependencies.typescript}`,
  `@types/node@${own.devDependencies['@types/node']}`,
]);
if (existsSync(join(project, 'node_modules', 'latentcheck', 'src'))) fail('the installed package has a src/ folder');

// 1. Plain Node imports both entry points and runs one exact property through the library API.
step('plain Node: import both entry points, run an exact property');
writeFileSync(
  join(project, 'exact.mjs'),
  `import { getTheorem, getProperty, runProperty, activeBackendInfo, initBackend } from 'latentcheck';
import { checkLearner, latentcheckMatchers } from 'latentcheck/testing';
if (typeof checkLearner !== 'function' || typeof latentcheckMatchers.toBeIdentifiedUpTo !== 'function') throw new Error('latentcheck/testing exports');
await initBackend();
const theorem = getTheorem('ahuja2022.known-linear.exact');
const result = runProperty(theorem, getProperty(theorem, 'member-loss-zero'), { seed: 7, profile: 'quick' });
console.log(JSON.stringify({ verdict: result.verdict, worlds: result.trials, backend: activeBackendInfo()?.name ?? null }));
if (result.verdict !== 'pass') process.exit(1);
`,
);
const exact = run('node', ['exact.mjs']);
expectIncludes(exact, '"verdict":"pass"', 'node exact.mjs');

// 2. The CLI from the installed package.
step('npx latentcheck list / run --theorem ahuja2022.known-linear.exact');
expectIncludes(run('npx', ['--no-install', 'latentcheck', 'list']), 'ahuja2022.known-linear.exact', 'latentcheck list');
const cliRun = run('npx', ['--no-install', 'latentcheck', 'run', '--theorem', 'ahuja2022.known-linear.exact', '--out', 'report-exact', '--no-progress', '--workers', '1']);
expectIncludes(cliRun, 'properties passed', 'latentcheck run');
const results = JSON.parse(readFileSync(join(project, 'report-exact', 'results.json'), 'utf8'));
if (results.provenance?.gitCommit !== null) fail(`an installed package must not report a git commit, got ${JSON.stringify(results.provenance?.gitCommit)}`);

// 3. A vitest file using checkLearner and the matchers, registered through latentcheck/testing/setup.
step('vitest: checkLearner + matchers');
copyFileSync(join(project, 'node_modules', 'latentcheck', 'examples', 'theorem-template.ts'), join(project, 'theorem-template.ts'));
writeFileSync(
  join(project, 'vitest.config.ts'),
  `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { setupFiles: ['latentcheck/testing/setup'], testTimeout: 300_000 } });
`,
);
writeFileSync(
  join(project, 'learner.test.ts'),
  `import { describe, expect, it } from 'vitest';
import { TRIAL_OPTIMISER, transitionLearner } from 'latentcheck';
import { checkLearner } from 'latentcheck/testing';
import type { Learner } from 'latentcheck/testing';
import template from './theorem-template.ts';

/** The learner under test: the exact-likelihood linear encoder, as a user would configure it. */
const mine = transitionLearner({ kernel: 'gaussian', objective: 'flow', kernelScale: 0.3, hidden: [], whitenInputs: true, train: { steps: 800, ...TRIAL_OPTIMISER, learningRate: 1e-2 } });

/** A learner that ignores the data: a random linear map, outside the orthogonal class. */
const random: Learner = {
  name: 'random-linear',
  objective: 'none',
  fit(data, seeds) {
    const d = data.x[0].length;
    const w = seeds.init.normalMatrix(d, d);
    return {
      encode: (x) => x.map((row) => w.map((wi) => wi.reduce((s, v, j) => s + v * row[j], 0))),
      train: { steps: 0, curve: [], finalLoss: 0, stoppedBy: 'steps', wallMs: 0 },
      learned: {},
      dispose() {},
    };
  },
};

describe('a learner checked against a user theorem', () => {
  it('the exact-likelihood encoder is identified up to orthogonal maps', async () => {
    const run = await checkLearner(template, mine, { seed: 1, profile: 'quick' });
    expect(run).toPassProperty('trained-encoder-is-orthogonal');
    expect(run).toBeIdentifiedUpTo('orthogonal');
    expect(run).toBeIdentifiedUpTo('affine');
  });
  it('a random linear map is not (negative control)', async () => {
    const run = await checkLearner(template, random, { seed: 1, profile: 'quick' });
    expect(run).not.toBeIdentifiedUpTo('orthogonal');
  });
});
`,
);
const vitestOut = run('npx', ['--no-install', 'vitest', 'run', '--reporter', 'verbose']);
expectIncludes(vitestOut, '2 passed', 'vitest run');

// 4. User theorem modules, TypeScript (the shipped template) and JavaScript, with --module.
step('npx latentcheck run --module theorem-template.ts --module my-theorem.js');
writeFileSync(
  join(project, 'my-theorem.js'),
  `// A user theorem in plain JavaScript: the signed-permutation class contains its members and rejects near-misses.
import fc from 'fast-check';
import { Rng, defineTheorem, signedPermutationClass } from 'latentcheck';

const samples = (n, rng) => Array.from({ length: 400 }, () => Array.from({ length: n }, () => rng.normal()));

export default defineTheorem({
  id: 'consumer.signed-permutation',
  title: 'Signed permutations: members in, near-misses out (consumer test)',
  citation: { authors: 'A. User', year: 2026, title: 'A JavaScript theorem module' },
  claim: 'The signed-permutation class contains its members and rejects a rotation by 0.3 of one.',
  assumptions: [],
  learner: { name: 'none', objective: 'none' },
  predictedClass: { name: 'signed permutation', classId: 'signed-permutation' },
  controls: ['near-miss members are rejected'],
  tolerances: { margin: { value: 1e-3, why: 'a 0.3 rad rotation leaves about sin²(0.3)/2 ≈ 4 % unexplained' } },
  properties: [
    {
      id: 'members-in-near-misses-out',
      kind: 'exact',
      role: 'positive',
      statement: 'A member fits with distance ≤ 1e-8; a near-miss with distance ≥ 1e-3.',
      statisticName: 'member distance',
      threshold: 1e-8,
      direction: 'at-most',
      numRuns: { quick: 20, full: 100 },
      arbitrary: () => fc.record({ n: fc.integer({ min: 2, max: 4 }), seed: fc.noShrink(fc.integer()) }),
      check: (w) => {
        const rng = new Rng(w.seed);
        const cls = signedPermutationClass(w.n);
        const z = samples(w.n, rng);
        const member = cls.fit(z, cls.sampleMember(rng).apply(z)).distance;
        const near = cls.fit(z, cls.sampleNonMember(rng).apply(z)).distance;
        return { pass: member <= 1e-8 && near >= 1e-3, statistic: member, details: { nearMiss: near } };
      },
      describeWorld: (w) => w,
    },
  ],
});
`,
);
const modules = run('npx', [
  'latentcheck',
  'run',
  '--module',
  'theorem-template.ts',
  '--module',
  'my-theorem.js',
  '--theorem',
  'template.gaussian-transitions',
  '--theorem',
  'consumer.signed-permutation',
  '--out',
  'report-modules',
  '--no-progress',
  '--workers',
  '2',
  '--calibration',
  '20',
]);
expectIncludes(modules, 'pass  template.gaussian-transitions / trained-encoder-is-orthogonal', 'run --module (TypeScript)');
expectIncludes(modules, 'pass  consumer.signed-permutation / members-in-near-misses-out', 'run --module (JavaScript)');
expectIncludes(modules, '3/3 properties passed', 'run --module');

// 5. The consumer's TypeScript type-checks against the shipped declarations.
step('tsc --noEmit in the consumer project');
writeFileSync(
  join(project, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ['node'] },
      include: ['learner.test.ts', 'theorem-template.ts'],
    },
    null,
    2,
  ),
);
run('npx', ['--no-install', 'tsc', '-p', '.']);

const took = (Date.now() - started) / 1000;
console.log(`consumer: all checks passed in ${took.toFixed(1)} s (tarball ${(statSync(tarball).size / 1024).toFixed(0)} kB)`);
if (!keep) rmSync(work, { recursive: true, force: true });
else console.log(`consumer: project kept at ${project}`);
