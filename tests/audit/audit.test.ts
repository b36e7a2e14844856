/** `latentcheck audit` on fixture coins whose true rates are known: counts, intervals, flags and the four outputs. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditFlag, auditTargets, runAudit } from '../../src/audit/audit.ts';
import { auditLatex, auditMarkdown, writeAudit } from '../../src/audit/report.ts';
import { clopperPearson } from '../../src/stats/binomial.ts';
import { InputError } from '../../src/core/errors.ts';
import { poolTheorem } from '../fixtures/pool-theorems.ts';

describe('audit', () => {
  it('flags an interval below p₀, above p₀, or around it', () => {
    expect(auditFlag([0.1, 0.3], 0.8)).toBe('below');
    expect(auditFlag([0.85, 0.99], 0.8)).toBe('above');
    expect(auditFlag([0.7, 0.9], 0.8)).toBe('consistent');
  });

  it('selects trained properties only, and names an unknown one', () => {
    const t = auditTargets([poolTheorem], 'quick');
    expect(t[0].properties.map((p) => p.id)).toEqual(['good-coin', 'bad-coin', 'miscalibrated-coin']);
    expect(auditTargets([poolTheorem], 'quick', ['fixture.pool/bad-coin'])[0].properties.map((p) => p.id)).toEqual(['bad-coin']);
    expect(() => auditTargets([poolTheorem], 'quick', ['exact-ok'])).toThrow(InputError);
    expect(() => auditTargets([poolTheorem], 'quick', ['nope'])).toThrow(/property: expected a trained property .* got "nope"/);
  });

  it('runs N trials per property and reports k/N with its Clopper–Pearson interval; the coin at 0.2 contradicts p₀ = 0.8', async () => {
    const a = await runAudit([poolTheorem], { seed: 5, profile: 'quick', trials: 40 });
    expect(a.entries.map((e) => e.propertyId)).toEqual(['good-coin', 'bad-coin', 'miscalibrated-coin']);
    for (const e of a.entries) {
      expect(e.trials).toBe(40);
      expect(e.rate).toBe(e.successes / 40);
      expect(e.interval).toEqual(clopperPearson(e.successes, 40, 0.05));
      expect(e.claimedRate).toBe(0.8);
    }
    const bad = a.entries.find((e) => e.propertyId === 'bad-coin')!;
    expect(bad.flag).toBe('below');
    expect(bad.interval[0]).toBeLessThanOrEqual(0.2);
    expect(bad.interval[1]).toBeGreaterThanOrEqual(0.2);
    // Deterministic: the same seed gives the same counts.
    const again = await runAudit([poolTheorem], { seed: 5, profile: 'quick', trials: 40 });
    expect(again.entries.map((e) => e.successes)).toEqual(a.entries.map((e) => e.successes));
    const md = auditMarkdown(a);
    expect(md).toMatch(/Contradicted claims \(interval below p₀\)\*\*: fixture\.pool \/ bad-coin/);
    expect(auditLatex(a)).toMatch(/\\texttt\{fixture\.\\allowbreak\{\}pool\/\\allowbreak\{\}bad-\\allowbreak\{\}coin\} & \d+\/40/);
    const out = mkdtempSync(join(tmpdir(), 'latentcheck-audit-'));
    const paths = await writeAudit(a, out);
    for (const p of Object.values(paths)) expect(existsSync(p), p).toBe(true);
    expect(JSON.parse(readFileSync(paths.json, 'utf8')).entries).toHaveLength(3);
    expect(readFileSync(paths.svg, 'utf8')).toMatch(/^<svg/);
    rmSync(out, { recursive: true, force: true });
  }, 60_000);
});
