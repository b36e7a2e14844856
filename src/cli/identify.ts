/**
 * `latentcheck identify`: the finest class each trained property's learner identifies, with evidence both
 * ways (a thin shell over `identifyProperty`). Writes identify.md / .tex / .json and lattice figures to --out,
 * prints the overview table. `--path P` replays one world. Exit codes: 0 done (no property wider than
 * predicted; replay: h inside the predicted class), 1 a property is wider than predicted (replay: h outside
 * again), 2 bad input.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { InputError } from '../core/errors.ts';
import { normaliseSeed } from '../rng/rng.ts';
import { resolveProfile } from '../theorem/profile.ts';
import { getProperty, loadTheoremModule } from '../theorem/registry.ts';
import { getTheorem, listTheorems } from '../suite.ts';
import type { PropertySpec, TheoremSpec } from '../theorem/types.ts';
import { initBackend } from '../tfjs/backend.ts';
import { fmt } from '../report/format.ts';
import { DEFAULT_SEED } from '../runner/runSuite.ts';
import {
  DEFAULT_IDENTIFY_SHRINK_BUDGET,
  DEFAULT_SEEDS,
  DEFAULT_SHARE,
  DEFAULT_TOLERANCE,
  DEFAULT_TRIALS,
  decideIdentify,
  identifyProperty,
  identifyWorld,
  storedInclusions,
  trainedProperties,
  type IdentifyOptions,
} from '../identify/identify.ts';
import { identifyOverviewMarkdown, verdictLabel } from '../identify/format.ts';
import { loadLearnerModule } from '../identify/learnerModule.ts';
import { writeIdentifyReport } from '../identify/write.ts';
import type { IdentifyResult } from '../identify/types.ts';
import type { CliIo } from './compare.ts';

function parseNumber(flag: string, v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n)) throw new InputError(flag, v, 'a number');
  return n;
}

function parseInteger(flag: string, v: string): number {
  const n = parseNumber(flag, v);
  if (!Number.isInteger(n)) throw new InputError(flag, v, 'an integer');
  return n;
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** The properties a command line names: --theorem/--property, or every trained property of the suite. */
function selectProperties(theoremIds: string[], propertyIds: string[], extra: TheoremSpec[]): { theorem: TheoremSpec; prop: PropertySpec }[] {
  if (propertyIds.length > 0) {
    if (theoremIds.length !== 1) throw new InputError('theorem', theoremIds.length === 0 ? undefined : theoremIds, 'exactly one --theorem ID with --property');
    const theorem = getTheorem(theoremIds[0], extra);
    return propertyIds.map((id) => ({ theorem, prop: getProperty(theorem, id) }));
  }
  const theorems = theoremIds.length > 0 ? theoremIds.map((id) => getTheorem(id, extra)) : listTheorems(extra);
  const selected = trainedProperties(theorems);
  if (selected.length === 0) throw new InputError('theorem', theoremIds, 'theorems with at least one trained property (identify trains a learner)');
  return selected;
}

/** Whether a stored result was computed with these settings (for --resume). */
function sameSettings(r: IdentifyResult, o: { seed: number; profile: string; trials: number; seeds: number; tolerance: number; share: number; learner: string }): boolean {
  return r.seed === o.seed && r.profile === o.profile && r.trials === o.trials && r.seeds === o.seeds && r.tolerance === o.tolerance && r.share === o.share && r.learner === o.learner;
}

/** Add the `identify` subcommand; `setCode` receives its exit code. */
export function registerIdentify(program: Command, io: CliIo, setCode: (code: number) => void): void {
  program
    .command('identify')
    .description('find the finest class a trained property’s learner identifies (evidence both ways, verdict against the predicted class); all trained properties without --property')
    .option('--theorem <id>', 'theorem (repeatable; default: every registered theorem)', collect, [])
    .option('--property <id>', 'trained property of the one --theorem (repeatable)', collect, [])
    .option('--learner-module <file>', 'train this learner instead of each property’s own (module exporting a learner as default or learner)')
    .option('--trials <n>', 'worlds N (≥ 2): the property’s trials 0 … N−1 under the run seed', String(DEFAULT_TRIALS))
    .option('--seeds <n>', 'training seeds per world (≥ 2)', String(DEFAULT_SEEDS))
    .option('--tolerance <d>', 'h is inside a class when its distance (unexplained variance) is ≤ d', String(DEFAULT_TOLERANCE))
    .option('--share <q>', 'a class contains h when h is inside in ≥ q of the worlds (every seed)', String(DEFAULT_SHARE))
    .option('--predicted <class>', 'predicted class, overriding the property’s own')
    .option('--classes <list>', 'comma-separated class ids: restrict the lattice to them (none is always kept)')
    .option('--seed <n>', 'run seed (worlds are those of `latentcheck run --seed`)', String(DEFAULT_SEED))
    .addOption(new Option('--profile <name>', 'quick or full (sizes of data and training)').default('quick'))
    .option('--path <path>', 'replay one world (fast-check path printed with a counterexample) and print its class distances')
    .option('--shrink-budget <n>', 'worlds evaluated while shrinking a counterexample (0: no re-run, no shrinking)', String(DEFAULT_IDENTIFY_SHRINK_BUDGET))
    .option('--out <dir>', 'report folder', 'report-identify')
    .option('--resume', 'reuse the properties already stored in --out/identify.jsonl with the same settings')
    .option('--module <path>', 'also load theorem specs from this module (repeatable)', collect, [])
    .option('--backend <name>', 'tfjs backend: auto, wasm, cpu, node, node-gpu')
    .action(async (o) => {
      const extra: TheoremSpec[] = [];
      for (const p of o.module as string[]) extra.push(...(await loadTheoremModule(p)));
      const learner = o.learnerModule ? await loadLearnerModule(o.learnerModule) : undefined;
      const opts: IdentifyOptions = {
        profile: resolveProfile(o.profile),
        seed: normaliseSeed(Number.isInteger(Number(o.seed)) ? Number(o.seed) : o.seed, 'seed'),
        trials: parseInteger('trials', o.trials),
        seeds: parseInteger('seeds', o.seeds),
        tolerance: parseNumber('tolerance', o.tolerance),
        share: parseNumber('share', o.share),
        shrinkBudget: parseInteger('shrink-budget', o.shrinkBudget),
        ...(learner ? { learner, learnerModule: o.learnerModule } : {}),
        ...(o.predicted !== undefined ? { predicted: o.predicted } : {}),
        ...(o.classes !== undefined ? { classes: String(o.classes).split(',').map((s: string) => s.trim()).filter((s: string) => s !== '') } : {}),
      };
      const selected = selectProperties(o.theorem, o.property, extra);
      const backend = await initBackend(o.backend);

      if (o.path !== undefined) {
        if (selected.length !== 1) throw new InputError('path', o.path, 'one property (--theorem ID --property PID) to replay a world of');
        const { theorem, prop } = selected[0];
        const r = identifyWorld(theorem, prop, String(o.path), opts);
        io.out(JSON.stringify({ theoremId: theorem.id, propertyId: prop.id, backend: backend.name, predicted: r.predicted, outsidePredicted: r.outsidePredicted, trial: r.trial }, null, 2));
        io.out(r.outsidePredicted ? `reproduced: h is outside the predicted class ${r.predicted} on this world` : 'not reproduced: h is inside the predicted class on this world');
        setCode(r.outsidePredicted ? 1 : 0);
        return;
      }

      mkdirSync(o.out, { recursive: true });
      const store = join(o.out, 'identify.jsonl');
      const stored: IdentifyResult[] = o.resume && existsSync(store)
        ? readFileSync(store, 'utf8').split('\n').filter((l) => l.trim() !== '').flatMap((l) => {
            try {
              return [JSON.parse(l) as IdentifyResult];
            } catch {
              return []; // a torn last line from a killed run
            }
          })
        : [];
      const settings = { seed: opts.seed!, profile: opts.profile!, trials: opts.trials!, seeds: opts.seeds!, tolerance: opts.tolerance!, share: opts.share!, learner: learner ? learner.name : 'the property’s own' };
      const results: IdentifyResult[] = [];
      for (const { theorem, prop } of selected) {
        const reuse = stored.find((r) => r.theoremId === theorem.id && r.propertyId === prop.id && sameSettings(r, settings));
        if (reuse) {
          // The measurements are reused; the decision is recomputed from them (the same records give the same result).
          io.err(`identify ${theorem.id} / ${prop.id}: stored measurements reused`);
          const inclusions = reuse.inclusions ?? storedInclusions(prop, reuse);
          results.push({ ...reuse, inclusions, ...decideIdentify(reuse.trialRecords, reuse.classes, reuse.tolerance, reuse.share, reuse.predicted, inclusions) });
          continue;
        }
        const r = identifyProperty(theorem, prop, {
          ...opts,
          onTrial: (t, done, total) =>
            io.err(`identify ${theorem.id} / ${prop.id}: world ${done}/${total} (path ${t.path}, d = ${t.dim}${t.check ? `, check ${t.check.pass ? 'pass' : 'fail'}` : ''}${t.error ? `, error: ${t.error}` : ''}, ${(t.wallMs / 1000).toFixed(1)} s)`),
        });
        appendFileSync(store, JSON.stringify(r) + '\n');
        results.push(r);
        io.err(`identify ${theorem.id} / ${prop.id}: finest ${r.finest.join(', ')}; predicted ${r.predicted ?? '–'}: ${verdictLabel(r.verdict)} (${(r.timing.wallMs / 1000).toFixed(1)} s)`);
      }
      const command = `latentcheck ${process.argv.slice(2).join(' ')}`;
      const paths = await writeIdentifyReport(results, o.out, command);
      io.out(`latentcheck identify: seed ${opts.seed}, profile ${opts.profile}, backend ${backend.name}, N = ${opts.trials} worlds × ${opts.seeds} seeds, tolerance ${opts.tolerance}, share ${opts.share}`);
      io.out(identifyOverviewMarkdown(results));
      for (const r of results) if (r.counterexample) io.out(`counterexample ${r.theoremId} / ${r.propertyId}: distance ${fmt(r.counterexample.distance)} to ${r.predicted}${r.counterexample.status ? ` (${r.counterexample.status})` : ''} — replay with: ${r.counterexample.replay}`);
      io.out(`report: ${paths.markdown}, ${paths.latex}, ${paths.json}, ${paths.figures.length} figures in ${join(o.out, 'figures')}`);
      setCode(results.some((r) => r.verdict === 'wider') ? 1 : 0);
    });
}
