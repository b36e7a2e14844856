/**
 * The `latentcheck` command line: `run` (the theorem suite, writing a report folder), `list`, `replay`.
 * A thin shell over the runner; exit codes: 0 all passed / not reproduced, 1 a property failed /
 * counterexample reproduced, 2 bad input.
 */
import { Command, CommanderError, Option } from 'commander';
import { LatentcheckError } from '../core/errors.ts';
import { latentcheckVersion } from '../core/versions.ts';
import { normaliseSeed } from '../rng/rng.ts';
import { resolveProfile } from '../theorem/profile.ts';
import { getProperty, getTheorem, listTheorems, loadTheoremModule } from '../theorem/registry.ts';
import type { TheoremSpec } from '../theorem/types.ts';
import { DEFAULT_SEED, runSuite } from '../runner/runSuite.ts';
import { replayProperty } from '../runner/runProperty.ts';
import { writeReport } from '../report/write.ts';
import { fmt } from '../report/format.ts';
import { createProgress } from './progress.ts';
import { initBackend } from '../tfjs/backend.ts';
import { registerCompare } from './compare.ts';

function parseSeed(v: string): number {
  const n = Number(v);
  return normaliseSeed(Number.isInteger(n) ? n : v, 'seed');
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

async function loadModules(paths: string[]): Promise<TheoremSpec[]> {
  const out: TheoremSpec[] = [];
  for (const p of paths) out.push(...(await loadTheoremModule(p)));
  return out;
}

/** Run the CLI with an argv array (as process.argv); resolves to the exit code. */
export async function main(argv: string[], io: { out: (s: string) => void; err: (s: string) => void } = {
  out: (s) => process.stdout.write(s + '\n'),
  err: (s) => process.stderr.write(s + '\n'),
}): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('latentcheck')
    .description('Identifiability theorems of representation learning as executable, property-based checks.')
    .version(latentcheckVersion())
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  program
    .command('run')
    .description('run the theorem suite and write a report folder (results.json, summary.md)')
    .option('--seed <n>', 'run seed (all randomness derives from it)', String(DEFAULT_SEED))
    .addOption(new Option('--profile <name>', 'quick (CI) or full').default(process.env.LATENTCHECK_PROFILE || 'quick'))
    .option('--out <dir>', 'report folder', 'report')
    .option('--theorem <id>', 'run only this theorem (repeatable)', collect, [])
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .option('--backend <name>', 'tfjs backend: auto, wasm, cpu, node, node-gpu (or LATENTCHECK_BACKEND)')
    .option('--no-progress', 'no progress display')
    .action(async (o) => {
      const seed = parseSeed(o.seed);
      const profile = resolveProfile(o.profile);
      const extra = await loadModules(o.module);
      const theorems = o.theorem.length > 0 ? o.theorem.map((id: string) => getTheorem(id, extra)) : listTheorems(extra);
      const progress = createProgress(o.progress !== false);
      let result;
      try {
        result = await runSuite(theorems, { seed, profile, backend: o.backend, onProgress: (p) => progress.update(p) });
      } finally {
        progress.stop();
      }
      const paths = writeReport(result, o.out);
      const backend = result.provenance.backend as { name?: string };
      io.out(`latentcheck ${result.provenance.latentcheck}: seed ${seed}, profile ${profile}, backend ${backend.name}`);
      for (const t of result.theorems)
        for (const p of t.properties) {
          const s = p.statistic;
          io.out(`  ${p.verdict === 'pass' ? 'pass' : 'FAIL'}  ${t.id} / ${p.propertyId}  ${s.name}: median ${fmt(s.median)} [${fmt(s.min)}, ${fmt(s.max)}]  (${p.trials}/${p.numRuns} worlds)`);
          if (p.counterexample) io.out(`        counterexample — replay with: ${p.counterexample.replay}`);
        }
      io.out(`${result.summary.passed}/${result.summary.properties} properties passed in ${(result.timing.wallMs / 1000).toFixed(1)} s`);
      io.out(`report: ${paths.results}, ${paths.summary}`);
      code = result.summary.failed > 0 ? 1 : 0;
    });

  program
    .command('list')
    .description('list the registered theorems and their properties')
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .action(async (o) => {
      for (const t of listTheorems(await loadModules(o.module))) {
        io.out(`${t.id}  —  ${t.title}`);
        io.out(`    ${t.citation.authors} (${t.citation.year}); predicted class: ${t.predictedClass.name}`);
        for (const p of t.properties) io.out(`    - ${p.id} [${p.kind}, ${p.role}]: ${p.statement}`);
      }
    });

  program
    .command('replay')
    .description('replay a counterexample from the seed and path a failing run printed')
    .argument('<theorem>', 'theorem id')
    .argument('<property>', 'property id')
    .requiredOption('--seed <n>', 'fast-check seed printed with the counterexample')
    .requiredOption('--path <path>', 'fast-check path printed with the counterexample')
    .addOption(new Option('--profile <name>', 'profile of the failing run').default('quick'))
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .option('--backend <name>', 'tfjs backend')
    .action(async (theoremId: string, propertyId: string, o) => {
      const extra = await loadModules(o.module);
      const theorem = getTheorem(theoremId, extra);
      const prop = getProperty(theorem, propertyId);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new LatentcheckError(`seed: expected an integer, got ${JSON.stringify(o.seed)}`);
      const backend = await initBackend(o.backend);
      const r = replayProperty(theorem, prop, seed, o.path, resolveProfile(o.profile));
      io.out(JSON.stringify({ ...r, backend: backend.name }, null, 2));
      io.out(r.reproduced ? 'reproduced: the property fails on this world' : 'not reproduced: the property holds on this world');
      code = r.reproduced ? 1 : 0;
    });

  registerCompare(program, io, (c) => (code = c));

  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof LatentcheckError) {
      io.err(`latentcheck: ${e.message}`);
      return 2;
    }
    throw e;
  }
  return code;
}
