import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, withoutTiming } from './helpers.ts';

const FIXTURE = 'tests/fixtures/wrong-theorem.ts';

describe('latentcheck CLI', () => {
  it('run: the same seed twice gives results.json identical apart from timing fields', () => {
    const a = mkdtempSync(join(tmpdir(), 'lc-a-'));
    const b = mkdtempSync(join(tmpdir(), 'lc-b-'));
    // The exact theorems and one trained theorem (training determinism: seeded init, batching, tfjs numerics).
    // The whole default suite is checked the same way by hand (see the project notes); it takes minutes.
    const subset = ['--theorem', 'ahuja2022.known-linear.exact', '--theorem', 'ahuja2022.translations.exact', '--theorem', 'ahuja2022.stochastic.trained'];
    const r1 = cli(['run', '--seed', '123', '--out', a, '--no-progress', ...subset]);
    const r2 = cli(['run', '--seed', '123', '--out', b, '--no-progress', ...subset]);
    expect(r1.code, r1.stderr + r1.stdout).toBe(0);
    expect(r2.code, r2.stderr + r2.stdout).toBe(0);
    const j1 = JSON.parse(readFileSync(join(a, 'results.json'), 'utf8'));
    const j2 = JSON.parse(readFileSync(join(b, 'results.json'), 'utf8'));
    expect(withoutTiming(j1)).toEqual(withoutTiming(j2));
    // Guard: the comparison is not vacuous.
    expect(j1.summary.properties).toBeGreaterThan(0);
    const trained = j1.theorems.find((t: any) => t.id === 'ahuja2022.stochastic.trained');
    expect(trained.properties[0].rule.trials).toBeGreaterThan(0);
    expect(j1.seed).toBe(123);
    expect(j1.provenance.backend.name).toBe('wasm');
    expect(j1.provenance.versions['@tensorflow/tfjs']).toBe('4.22.0');
    expect(existsSync(join(a, 'summary.md'))).toBe(true);
    expect(readFileSync(join(a, 'summary.md'), 'utf8')).toContain('| theorem | property |');
  }, 600_000);

  it('run: a different seed gives different worlds', () => {
    const a = mkdtempSync(join(tmpdir(), 'lc-c-'));
    const r = cli(['run', '--seed', '124', '--out', a, '--no-progress', '--theorem', 'ahuja2022.known-linear.exact']);
    expect(r.code).toBe(0);
    const j = JSON.parse(readFileSync(join(a, 'results.json'), 'utf8'));
    expect(j.seed).toBe(124);
    const a2 = mkdtempSync(join(tmpdir(), 'lc-d-'));
    expect(cli(['run', '--seed', '125', '--out', a2, '--no-progress', '--theorem', 'ahuja2022.known-linear.exact']).code).toBe(0);
    const j2 = JSON.parse(readFileSync(join(a2, 'results.json'), 'utf8'));
    expect(j2.theorems[0].properties[0].seed).not.toBe(j.theorems[0].properties[0].seed);
    expect(j2.theorems[0].properties[0].statistic).not.toEqual(j.theorems[0].properties[0].statistic);
  });

  it('run: a failing theorem exits 1 and prints the replay command; replay reproduces it', () => {
    const out = mkdtempSync(join(tmpdir(), 'lc-f-'));
    const r = cli(['run', '--module', FIXTURE, '--theorem', 'fixture.wrong-commutation', '--out', out, '--no-progress']);
    expect(r.code).toBe(1);
    const m = r.stdout.match(/replay with: latentcheck (replay \S+ \S+ --seed (-?\d+) --path (\S+) --profile quick)/);
    expect(m, r.stdout).not.toBeNull();
    const rep = cli([...m![1].split(' '), '--module', FIXTURE]);
    expect(rep.code).toBe(1);
    expect(rep.stdout).toContain('reproduced: the property fails on this world');
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const failed = results.theorems[0].properties.find((p: any) => p.verdict === 'fail');
    expect(failed.counterexample.seed).toBe(Number(m![2]));
    expect(failed.counterexample.path).toBe(m![3]);
  });

  it('list shows the registered theorems', () => {
    const r = cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ahuja2022');
  });

  it.each([
    [['run', '--theorem', 'no.such'], /theorem: .*"no\.such"/],
    [['run', '--profile', 'huge'], /profile: .*"huge"/],
    [['run', '--seed', 'abc'], /seed: .*"abc"/],
    [['run', '--backend', 'tpu'], /backend: .*"tpu"/],
    [['replay', 'no.such', 'x', '--seed', '1', '--path', '0'], /theorem: .*"no\.such"/],
    [['run', '--module', 'does/not/exist.ts'], /module: .*does\/not\/exist\.ts/],
  ])('bad input %j exits 2 naming the field and value', (args, re) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
  });
});
