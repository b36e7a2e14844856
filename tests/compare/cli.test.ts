/**
 * `latentcheck compare`: the acceptance checks of regression mode — an identical pair passes (exit 0, "no
 * significant change"), an injected regression is flagged (exit 1, the property named), bad input exits 2
 * with the file and field named.
 */
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { cli } from '../cli/helpers.ts';
import { baseSuite, exact, spread, suite, trained, writeTemp } from './helpers.ts';
import type { SuiteResult } from '../../src/runner/types.ts';

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'latentcheck', 'compare', ...args], { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** NEW = BASE with the first trained property broken: 12/12 → 3/12 successes and values shifted up. */
function regressedSuite(): SuiteResult {
  const s = baseSuite();
  s.theorems[0].properties[0] = trained({ propertyId: 'recovered', successes: 3, trials: 12, values: spread(12, 0.08, 0.3, 7) });
  return s;
}

describe('latentcheck compare: acceptance', () => {
  it('passes an identical pair: exit 0, no significant change', async () => {
    const a = writeTemp('base.json', baseSuite());
    const b = writeTemp('new.json', baseSuite());
    const r = await run([a, b]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no significant change');
    expect(r.out).toMatch(/0 regressed, 0 improved, 3 unchanged, 0 added, 0 removed/);
    expect(r.err).toBe('');
  });

  it('flags an injected regression: exit 1, the property named, both tests significant', async () => {
    const a = writeTemp('base.json', baseSuite());
    const b = writeTemp('new.json', regressedSuite());
    const json = join(dirname(b), 'comparison.json');
    const r = await run([a, b, '--json', json]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('significant regression in synthetic.trained / recovered');
    expect(r.out).toMatch(/REGRESSED\s+synthetic\.trained \/ recovered/);
    expect(r.out).toContain('12/12 pass');
    expect(r.out).toContain('3/12 fail');
    const c = JSON.parse(readFileSync(json, 'utf8'));
    expect(c.schema).toBe('latentcheck/comparison@1');
    expect(c.regression).toBe(true);
    const p = c.properties.find((x: { propertyId: string }) => x.propertyId === 'recovered');
    expect(p.status).toBe('regressed');
    const fisher = p.tests.find((t: { test: string }) => t.test === 'fisher');
    const mw = p.tests.find((t: { test: string }) => t.test === 'mann-whitney');
    // SciPy: fisher_exact([[12, 0], [3, 9]], alternative='greater').pvalue = 1.682595e-4.
    expect(fisher.pWorse).toBeCloseTo(1.682595234890295e-4, 9);
    expect(fisher.worse).toBe(true);
    expect(mw.worse).toBe(true);
    // The other properties did not change.
    expect(c.properties.filter((x: { status: string }) => x.status === 'unchanged')).toHaveLength(2);
  });

  it('the real entry point (bin/latentcheck.js) gives the same exit codes', () => {
    const a = writeTemp('base.json', baseSuite());
    expect(cli(['compare', a, writeTemp('new.json', baseSuite())]).code).toBe(0);
    const r = cli(['compare', a, writeTemp('new.json', regressedSuite())]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('synthetic.trained / recovered');
  });
});

describe('latentcheck compare: changes', () => {
  it('an improvement is reported and exits 0', async () => {
    const r = await run([writeTemp('base.json', regressedSuite()), writeTemp('new.json', baseSuite())]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/improved\s+synthetic\.trained \/ recovered/);
    expect(r.out).toContain('no significant regression (0 regressed, 1 improved');
  });

  it('added and removed properties are listed, and are not regressions', async () => {
    const base = baseSuite();
    const next = baseSuite();
    next.theorems[0].properties.splice(1, 1);
    next.theorems.push({ ...next.theorems[0], id: 'synthetic.more', properties: [exact({ theoremId: 'synthetic.more', propertyId: 'fresh', verdict: 'pass', trials: 10 })] });
    const r = await run([writeTemp('base.json', base), writeTemp('new.json', next)]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/added\s+synthetic\.more \/ fresh/);
    expect(r.out).toMatch(/removed\s+synthetic\.trained \/ control/);
    expect(r.out).toContain('2 unchanged, 1 added, 1 removed');
  });

  it('an exact property that now fails is a deterministic regression (p = 0) with its replay command', async () => {
    const next = baseSuite();
    next.theorems[1].properties[0] = exact({ propertyId: 'commutes', verdict: 'fail', trials: 4, numRuns: 50, values: spread(3, 0, 1e-14, 3).concat([1]) });
    const r = await run([writeTemp('base.json', baseSuite()), writeTemp('new.json', next), '--json', writeTemp('c.json', '')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/REGRESSED\s+synthetic\.exact \/ commutes\s+exact\s+pass \(50\/50 worlds\)\s+fail \(4\/50 worlds\)\s+verdict flip\s+0 \*/);
  });

  it('a different profile is a warning, not an error', async () => {
    const r = await run([writeTemp('base.json', suite(baseSuite().theorems.flatMap((t) => t.properties), { profile: 'full' })), writeTemp('new.json', baseSuite())]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('warning: profiles differ (base full, new quick)');
  });

  it('--markdown prints a Markdown table', async () => {
    const r = await run([writeTemp('base.json', baseSuite()), writeTemp('new.json', regressedSuite()), '--markdown']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('| status | property | kind | base | new | test | p (Holm) |');
    expect(r.out).toMatch(/\| REGRESSED \| synthetic\.trained \/ recovered \| trained \| 12\/12 pass \| 3\/12 fail \| Fisher exact \|/);
  });
});

describe('latentcheck compare: bad input exits 2 naming the file and field', () => {
  it.each([
    ['a verdict that is neither pass nor fail', (s: SuiteResult) => ((s.theorems[0].properties[1] as { verdict: string }).verdict = 'maybe'), 'theorems[0].properties[1].verdict'],
    ['more successes than trials', (s: SuiteResult) => (s.theorems[0].properties[0].rule!.successes = 13), 'theorems[0].properties[0].rule.successes'],
    ['a non-numeric value', (s: SuiteResult) => ((s.theorems[1].properties[0].values as unknown[])[2] = 'x'), 'theorems[1].properties[0].values[2]'],
    ['a missing theorem list', (s: SuiteResult) => delete (s as Partial<SuiteResult>).theorems, 'theorems'],
    ['another schema', (s: SuiteResult) => ((s as { schema: string }).schema = 'latentcheck/results@0'), 'schema'],
    ['a trained property without counts', (s: SuiteResult) => delete s.theorems[0].properties[0].rule, 'theorems[0].properties[0].rule'],
  ])('%s', async (_name, corrupt, field) => {
    const bad = baseSuite();
    corrupt(bad);
    const path = writeTemp('new.json', bad);
    const r = await run([writeTemp('base.json', baseSuite()), path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path}: ${field}: expected`);
  });

  it('a file that is not JSON, or missing', async () => {
    const path = writeTemp('new.json', '{"schema": "latentcheck/results@1", ');
    let r = await run([writeTemp('base.json', baseSuite()), path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${path}: (JSON): expected valid JSON`);
    r = await run(['/nonexistent/results.json', path]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('base: expected a readable results.json file (ENOENT)');
  });

  it('a bad --alpha or --min-effect', async () => {
    const a = writeTemp('base.json', baseSuite());
    let r = await run([a, a, '--alpha', '1.5']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--alpha: expected a level in (0, 1), got "1.5"');
    r = await run([a, a, '--min-effect', 'lots']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--min-effect: expected a number, got "lots"');
  });

  it('an unwritable --json path', async () => {
    const a = writeTemp('base.json', baseSuite());
    const r = await run([a, a, '--json', '/nonexistent/dir/c.json']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--json: expected a writable file path (ENOENT), got "/nonexistent/dir/c.json"');
  });

  it('a missing argument is a usage error', async () => {
    const r = await run([writeTemp('base.json', baseSuite())]);
    expect(r.code).toBe(2);
  });
});
