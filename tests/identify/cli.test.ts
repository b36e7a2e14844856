/**
 * The identify command line on the oracle fixture (no training): report files (Markdown, LaTeX, JSON, SVG, PNG),
 * the wider-than-predicted exit code and its replayable counterexample, --resume, and named errors (exit 2).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.ts';

const FIXTURE = 'tests/fixtures/identify-oracles.ts';
const THEOREM = 'latentcheck.identify-oracles';

describe('latentcheck identify', () => {
  it('writes the tables and lattice figures; a too-fine prediction exits 1 with a replay that reproduces', () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-identify-'));
    const r = cli(['identify', '--module', FIXTURE, '--theorem', THEOREM, '--trials', '3', '--shrink-budget', '1', '--out', out]);
    expect(r.code, r.stderr + r.stdout).toBe(1);
    expect(r.stdout).toContain('| latentcheck.identify-oracles / oracle-signed-permutation | signed-permutation (3/3) | signed-permutation');
    expect(r.stdout).toContain('WIDER than predicted');
    const md = readFileSync(join(out, 'identify.md'), 'utf8');
    expect(md).toContain('| class | h inside (worlds) |');
    expect(readFileSync(join(out, 'identify.tex'), 'utf8')).toContain('\\begin{tabular}');
    const json = JSON.parse(readFileSync(join(out, 'identify.json'), 'utf8'));
    expect(json.results).toHaveLength(2);
    const wide = json.results[1];
    expect(wide.verdict).toBe('wider');
    for (const ext of ['svg', 'png']) expect(existsSync(join(out, 'figures', `identify-${THEOREM}-oracle-orthogonal-predicted-signed-permutation.${ext}`))).toBe(true);
    expect(readFileSync(join(out, 'figures', `identify-${THEOREM}-oracle-signed-permutation.svg`), 'utf8')).toContain('<svg');
    // The printed replay reproduces the counterexample.
    const replay = wide.counterexample.replay.replace(/^latentcheck /, '').split(' ');
    const rr = cli([...replay, '--module', FIXTURE]);
    expect(rr.code, rr.stderr + rr.stdout).toBe(1);
    expect(rr.stdout).toContain('reproduced: h is outside the predicted class signed-permutation');
    // --resume reuses both results (no world is evaluated again) and writes the same tables.
    const again = cli(['identify', '--module', FIXTURE, '--theorem', THEOREM, '--trials', '3', '--shrink-budget', '1', '--out', out, '--resume']);
    expect(again.stderr).toContain('stored measurements reused');
    expect(again.stderr).not.toContain('world 1/3');
    expect(readFileSync(join(out, 'identify.md'), 'utf8').split('\n').slice(4)).toEqual(md.split('\n').slice(4));
  }, 240_000);

  it('bad input: N < 2, an unknown class, a property without a learner, --property without one --theorem (exit 2, field named)', () => {
    const base = ['identify', '--module', FIXTURE, '--theorem', THEOREM, '--property', 'oracle-signed-permutation'];
    const cases: [string[], string][] = [
      [[...base, '--trials', '1'], 'trials: expected an integer N ≥ 2'],
      [[...base, '--predicted', 'rotations'], 'predicted: expected a class id'],
      [[...base, '--classes', 'orthogonal,blocks'], 'classes[1]: expected a class id'],
      [['identify', '--theorem', 'ahuja2022.known-linear.exact', '--property', 'member-loss-zero'], 'property: expected a trained property'],
      [['identify', '--property', 'x'], 'theorem: expected exactly one --theorem ID with --property'],
      [['identify', '--theorem', 'ahuja2022.translations.exact'], 'theorem: expected theorems with at least one trained property'],
      [[...base, '--learner-module', 'tests/fixtures/identify-oracles.ts'], 'learner-module: expected a module exporting a learner'],
    ];
    for (const [args, message] of cases) {
      const r = cli(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(message);
    }
  }, 240_000);
});
