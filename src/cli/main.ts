/**
 * The `latentcheck` command line: `run` (the theorem suite, writing a report folder), `list`, `replay`,
 * `compare`, `identify`.
 * A thin shell over the runner; exit codes: 0 all passed / not reproduced, 1 a property failed /
 * counterexample reproduced, 2 bad input.
 */
import { Command, CommanderError, Option } from 'commander';
import { LatentcheckError } from '../core/errors.ts';
import { latentcheckVersion } from '../core/versions.ts';
import { normaliseSeed } from '../rng/rng.ts';
import { resolveProfile } from '../theorem/profile.ts';
import { getProperty, loadTheoremModule } from '../theorem/registry.ts';
import { BUILTIN_SUITE_MODULE, getTheorem, listTheorems, runSuite } from '../suite.ts';
import type { TheoremSpec } from '../theorem/types.ts';
import { DEFAULT_SEED } from '../runner/runSuite.ts';
import { replayProperty } from '../runner/runProperty.ts';
import { writeReport } from '../report/write.ts';
import { fmt } from '../report/format.ts';
import { createProgress } from './progress.ts';
import { initBackend } from '../tfjs/backend.ts';
import { join } from 'node:path';
import { InputError } from '../core/errors.ts';
import { RULE_ALPHA } from '../stats/rule.ts';
import { resolveMethod } from '../stats/multiple.ts';
import { defaultWorkers } from '../runner/executor.ts';
import { DEFAULT_SHRINK_BUDGET } from '../runner/shrink.ts';
import { counterexampleStore, readCounterexampleStore, writeCounterexampleStore, type StoredCounterexample } from '../runner/counterexamples.ts';
import { registerCompare } from './compare.ts';
import { registerIdentify } from './identify.ts';
import { DEFAULT_AUDIT_SEED, DEFAULT_AUDIT_TRIALS, runAudit } from '../audit/audit.ts';
import { writeAudit } from '../audit/report.ts';
import { addQueueOptions, queueOptionsFrom, registerWorker, watchQueue } from './queue.ts';

function parseSeed(v: string): number {
  const n = Number(v);
  return normaliseSeed(Number.isInteger(n) ? n : v, 'seed');
}

function parseCount(v: string, field: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InputError(field, v, 'a non-negative integer');
  return n;
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

  const run = program
    .command('run')
    .description('run the theorem suite and write a report folder (results.json, summary.md)')
    .option('--seed <n>', 'run seed (all randomness derives from it)', String(DEFAULT_SEED))
    .addOption(new Option('--profile <name>', 'quick (CI) or full').default(process.env.LATENTCHECK_PROFILE || 'quick'))
    .option('--out <dir>', 'report folder', 'report')
    .option('--theorem <id>', 'run only this theorem (repeatable)', collect, [])
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .option('--backend <name>', 'tfjs backend: auto, wasm, cpu, node, node-gpu (or LATENTCHECK_BACKEND)')
    .option('--workers <n>', 'worker threads for trials (0: run on this thread)', String(defaultWorkers()))
    .option('--trial-timeout <seconds>', 'time limit of one trial in the pool; a trial past it is recorded as timed out', '1800')
    .option('--alpha <level>', 'level of the trained properties\' binomial tests across the suite', String(RULE_ALPHA))
    .addOption(new Option('--correction <method>', 'multiple-testing control across trained properties').choices(['holm', 'bh', 'none']).default('holm'))
    .option('--no-sequential', 'run every trial even when the verdict is already certain')
    .option('--resume', 'resume the run stored in --out (reuses every finished trial)')
    .option('--shrink-budget <n>', 'worlds evaluated while shrinking a trained counterexample (0: no re-run or shrink)', String(DEFAULT_SHRINK_BUDGET))
    .option('--calibration <n>', 'replications of each trained test with its oracle controls (false-failure rate and power; 0: off)', '200')
    .option('--no-progress', 'no progress display');
  addQueueOptions(run).action(async (o) => {
    const seed = parseSeed(o.seed);
    const profile = resolveProfile(o.profile);
    const extra = await loadModules(o.module);
    const theorems = o.theorem.length > 0 ? o.theorem.map((id: string) => getTheorem(id, extra)) : listTheorems(extra);
    const workers = parseCount(o.workers, 'workers');
    const shrinkBudget = parseCount(o.shrinkBudget, 'shrink-budget');
    const timeout = Number(o.trialTimeout);
    if (!(timeout > 0)) throw new InputError('trial-timeout', o.trialTimeout, 'a positive number of seconds');
    const alpha = Number(o.alpha);
    if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha', o.alpha, 'a level in (0, 1)');
    const queue = queueOptionsFrom(o);
    const statusEvery = Number(o.queueStatus);
    if (!(statusEvery >= 0)) throw new InputError('queue-status', o.queueStatus, 'a number of seconds ≥ 0');
    const progress = createProgress(o.progress !== false);
    let unwatch = () => {};
    let result;
    try {
      result = await runSuite(theorems, {
        seed,
        profile,
        backend: o.backend,
        onProgress: (p) => progress.update(p),
        workers,
        trialTimeoutMs: timeout * 1000,
        alpha,
        correction: resolveMethod(o.correction),
        sequential: o.sequential !== false,
        storePath: join(o.out, 'runstore.jsonl'),
        resume: o.resume === true,
        modules: o.module,
        shrinkBudget,
        calibration: parseCount(o.calibration, 'calibration'),
        queue,
        onQueue: (q) => (unwatch = watchQueue(q, statusEvery, io.err)),
      });
    } finally {
      unwatch();
      progress.stop();
    }
    const paths = await writeReport(result, o.out);
    const cxPath = join(o.out, 'counterexamples.json');
    writeCounterexampleStore(cxPath, counterexampleStore(result, o.module));
    const backend = result.provenance.backend as { name?: string };
    io.out(`latentcheck ${result.provenance.latentcheck}: seed ${seed}, profile ${profile}, backend ${backend.name}`);
    for (const t of result.theorems)
      for (const p of t.properties) {
        const s = p.statistic;
        const count = p.rule
          ? `${p.rule.successes}/${p.trials} trials succeeded; rule ≥ ${p.rule.rule.minSuccesses} of ${p.numRuns}${p.test?.stoppedEarly ? ', stopped once certain' : ''}`
          : `${p.trials}/${p.numRuns} worlds`;
        io.out(`  ${p.verdict === 'pass' ? 'pass' : 'FAIL'}  ${t.id} / ${p.propertyId}  ${s.name}: median ${fmt(s.median)} [${fmt(s.min)}, ${fmt(s.max)}]  (${count})`);
        if (p.counterexample) io.out(`        counterexample${p.counterexample.status ? ` (${p.counterexample.status})` : ''} — replay with: ${p.counterexample.replay}`);
      }
    const cal = result.theorems.flatMap((t) => t.properties.filter((p) => p.calibration));
    if (cal.length > 0) {
      io.out('oracle calibration (rejected tests / replications): false failures with the in-class oracle, power with the out-of-class one');
      for (const p of cal) {
        const c = p.calibration!;
        io.out(`  ${c.withinAlpha ? 'ok  ' : 'HIGH'}  ${p.theoremId} / ${p.propertyId}: false failures ${c.positive.rejected}/${c.positive.replications}, power ${c.negative.rejected}/${c.negative.replications}`);
      }
    }
    const mt = result.multipleTesting;
    const anyTrained = result.theorems.some((t) => t.properties.some((p) => p.kind === 'trained'));
    if (mt && anyTrained) io.out(`trained properties: ${mt.family} binomial tests, ${mt.method} at α = ${mt.alpha}${mt.sequential ? ', stopped once certain' : ''}`);
    io.out(`${result.summary.passed}/${result.summary.properties} properties passed in ${(result.timing.wallMs / 1000).toFixed(1)} s (${result.timing.executor === 'queue' ? `queue, ${result.timing.workers} jobs in flight per property` : `${result.timing.workers} ${result.timing.executor === 'pool' ? 'workers' : 'thread'}`}${result.timing.resumedEntries ? `, ${result.timing.resumedEntries} stored results reused` : ''})`);
    io.out(`report: ${paths.summary}, ${paths.latex}, ${paths.results}, ${paths.artifacts}, ${cxPath}, ${paths.figures.length} figures in ${join(o.out, 'figures')}`);
    for (const n of paths.notes) io.out(`note: ${n}`);
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
    .description('replay a counterexample: from the seed and path a failing run printed, or from a counterexample store')
    .argument('[theorem]', 'theorem id')
    .argument('[property]', 'property id')
    .option('--seed <n>', 'fast-check seed printed with the counterexample')
    .option('--path <path>', 'fast-check path printed with the counterexample')
    .option('--from <file>', 'a counterexamples.json written by run (replays entry --id, default all)')
    .option('--id <k>', 'entry of --from to replay')
    .addOption(new Option('--profile <name>', 'profile of the failing run').default('quick'))
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .option('--backend <name>', 'tfjs backend')
    .action(async (theoremId: string | undefined, propertyId: string | undefined, o) => {
      if (o.from) {
        const store = readCounterexampleStore(o.from);
        const extra = await loadModules([...o.module, ...store.modules.filter((m) => !o.module.includes(m))]);
        const entries = o.id === undefined ? store.counterexamples : [store.counterexamples.find((c) => String(c.id) === String(o.id))];
        if (entries.length === 0 || entries[0] === undefined) throw new InputError('id', o.id, `an entry id of ${o.from} (0–${store.counterexamples.length - 1})`);
        const backend = await initBackend(o.backend ?? store.backend ?? undefined);
        let reproduced = 0;
        for (const c of entries as StoredCounterexample[]) {
          const theorem = getTheorem(c.theoremId, extra);
          const r = replayProperty(theorem, getProperty(theorem, c.propertyId), c.seed, c.path, resolveProfile(c.profile));
          const same = r.outcome.statistic === c.outcome.statistic && r.outcome.pass === c.outcome.pass;
          io.out(JSON.stringify({ id: c.id, ...r, backend: backend.name, identicalToStored: same }, null, 2));
          if (r.reproduced) reproduced++;
        }
        io.out(`${reproduced} of ${entries.length} counterexample(s) reproduced`);
        code = reproduced > 0 ? 1 : 0;
        return;
      }
      if (!theoremId || !propertyId) throw new InputError('theorem', theoremId, 'a theorem id and a property id (or --from counterexamples.json)');
      const extra = await loadModules(o.module);
      const theorem = getTheorem(theoremId, extra);
      const prop = getProperty(theorem, propertyId);
      const seed = Number(o.seed);
      if (!Number.isInteger(seed)) throw new LatentcheckError(`seed: expected an integer, got ${JSON.stringify(o.seed)}`);
      if (typeof o.path !== 'string') throw new InputError('path', o.path, "a fast-check path such as '12:0:3'");
      const backend = await initBackend(o.backend);
      const r = replayProperty(theorem, prop, seed, o.path, resolveProfile(o.profile));
      io.out(JSON.stringify({ ...r, backend: backend.name }, null, 2));
      io.out(r.reproduced ? 'reproduced: the property fails on this world' : 'not reproduced: the property holds on this world');
      code = r.reproduced ? 1 : 0;
    });

  registerCompare(program, io, (c) => (code = c));
  registerIdentify(program, io, (c) => (code = c));
  registerWorker(program, io, (c) => (code = c));

  const audit = program
    .command('audit')
    .description('observed success rate of each trained property over N fresh worlds, with its Clopper–Pearson interval against the claimed rate p₀ (audit.md, audit.tex, audit.json, figures/audit.svg)')
    .option('--trials <n>', 'trials per property', String(DEFAULT_AUDIT_TRIALS))
    .option('--seed <n>', 'run seed (default: not the suite\'s, so the worlds are fresh)', String(DEFAULT_AUDIT_SEED))
    .addOption(new Option('--profile <name>', 'quick or full (data and training sizes)').default(process.env.LATENTCHECK_PROFILE || 'quick'))
    .option('--out <dir>', 'output folder', 'audit')
    .option('--theorem <id>', 'audit only this theorem\'s trained properties (repeatable)', collect, [])
    .option('--property <id>', 'audit only this property, as theorem/property (repeatable)', collect, [])
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .option('--backend <name>', 'tfjs backend: auto, wasm, cpu, node, node-gpu (or LATENTCHECK_BACKEND)')
    .option('--workers <n>', 'worker threads for trials (0: run on this thread)', String(defaultWorkers()))
    .option('--trial-timeout <seconds>', 'time limit of one trial; a trial past it is recorded as timed out (unsuccessful)', '1800')
    .option('--resume', 'resume the audit stored in --out')
    .option('--no-progress', 'no progress display');
  addQueueOptions(audit).action(async (o) => {
    const extra = await loadModules(o.module);
    const profile = resolveProfile(o.profile);
    const theorems = o.theorem.length > 0 ? o.theorem.map((id: string) => getTheorem(id, extra)) : listTheorems(extra);
    const trials = parseCount(o.trials, 'trials');
    if (trials < 1) throw new InputError('trials', o.trials, 'a positive integer');
    const timeout = Number(o.trialTimeout);
    if (!(timeout > 0)) throw new InputError('trial-timeout', o.trialTimeout, 'a positive number of seconds');
    const statusEvery = Number(o.queueStatus);
    if (!(statusEvery >= 0)) throw new InputError('queue-status', o.queueStatus, 'a number of seconds ≥ 0');
    const progress = createProgress(o.progress !== false);
    let unwatch = () => {};
    let a;
    try {
      a = await runAudit(theorems, {
        suiteModules: [BUILTIN_SUITE_MODULE],
        seed: parseSeed(o.seed),
        profile,
        trials,
        only: o.property,
        backend: o.backend,
        workers: parseCount(o.workers, 'workers'),
        trialTimeoutMs: timeout * 1000,
        storePath: join(o.out, 'runstore.jsonl'),
        resume: o.resume === true,
        modules: o.module,
        queue: queueOptionsFrom(o),
        onQueue: (q) => (unwatch = watchQueue(q, statusEvery, io.err)),
        onProgress: (p) => progress.update(p),
      });
    } finally {
      unwatch();
      progress.stop();
    }
    const paths = await writeAudit(a, o.out);
    io.out(`latentcheck audit: seed ${a.seed}, profile ${profile}, ${trials} trials per property`);
    for (const e of a.entries)
      io.out(`  ${e.flag === 'below' ? 'BELOW' : e.flag === 'above' ? 'above' : 'ok   '}  ${e.theoremId} / ${e.propertyId}: ${e.successes}/${e.trials} = ${e.rate.toFixed(3)}, 95% CI [${e.interval[0].toFixed(3)}, ${e.interval[1].toFixed(3)}], claimed p0 = ${e.claimedRate}`);
    const below = a.entries.filter((e) => e.flag === 'below').length;
    io.out(`${below} of ${a.entries.length} claims contradicted (interval below p0), ${a.entries.filter((e) => e.flag === 'above').length} rules could be tightened; ${(a.timing.wallMs / 1000).toFixed(1)} s`);
    io.out(`audit: ${paths.markdown}, ${paths.latex}, ${paths.json}, ${paths.svg}, ${paths.png}`);
    code = below > 0 ? 1 : 0;
  });

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
