/**
 * The acceptance test of the run store: kill a pooled run mid-way, resume it, and get exactly the
 * results of an uninterrupted run with the same seed, without recomputing any finished trial.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, cli, withoutTiming } from '../cli/helpers.ts';

const MODULE = 'tests/fixtures/pool-theorems.ts';
const ARGS = ['run', '--module', MODULE, '--theorem', 'fixture.pool', '--seed', '5', '--workers', '2', '--no-progress'];

function trialLines(store: string): { key: string }[] {
  if (!existsSync(store)) return [];
  return readFileSync(store, 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type":"trial"'))
    .flatMap((l) => {
      try {
        const e = JSON.parse(l);
        return [{ key: `${e.propertyId} ${e.record.index}` }];
      } catch {
        return [];
      }
    });
}

describe('run store: kill and resume', () => {
  it('a killed run resumes to the uninterrupted result without recomputing finished trials', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-resume-'));
    const outA = join(dir, 'a');
    const outB = join(dir, 'b');
    const log = join(dir, 'trials.log');
    const env = { ...process.env, LATENTCHECK_TRIAL_MS: '400', LATENTCHECK_TRIAL_LOG: log };

    // 1. Start a run and kill it (SIGKILL: no chance to clean up) once a few trials are stored.
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'latentcheck.js'), ...ARGS, '--out', outA], { cwd: ROOT, env, stdio: 'ignore' });
    const store = join(outA, 'runstore.jsonl');
    const deadline = Date.now() + 60_000;
    while (trialLines(store).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const finishedBeforeKill = trialLines(store).map((t) => t.key);
    expect(finishedBeforeKill.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(join(outA, 'results.json'))).toBe(false);
    const logBefore = readFileSync(log, 'utf8').split('\n').filter(Boolean).length;

    // 2. Resume it.
    const resumed = cli([...ARGS, '--out', outA, '--resume'], { LATENTCHECK_TRIAL_MS: '400', LATENTCHECK_TRIAL_LOG: log });
    expect(resumed.stderr).not.toMatch(/Error/);
    expect(resumed.stdout).toMatch(/stored results reused/);

    // No finished trial was computed again: no trial stored before the kill appears in the log after it.
    const finishedKeys = new Set(
      readFileSync(store, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"trial"'))
        .map((l) => JSON.parse(l))
        .filter((e) => finishedBeforeKill.includes(`${e.propertyId} ${e.record.index}`))
        .map((e) => `${e.propertyId} ${e.record.details.seed} 0`),
    );
    expect(finishedKeys.size).toBe(finishedBeforeKill.length);
    const after = readFileSync(log, 'utf8').split('\n').filter(Boolean).slice(logBefore);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((l) => finishedKeys.has(l))).toEqual([]);

    // 3. An uninterrupted run with the same seed gives the same results.
    const plain = cli([...ARGS, '--out', outB], { LATENTCHECK_TRIAL_MS: '1' });
    expect(plain.code).toBe(resumed.code);
    const a = JSON.parse(readFileSync(join(outA, 'results.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(outB, 'results.json'), 'utf8'));
    expect(withoutTiming(a)).toEqual(withoutTiming(b));
    expect(a.summary).toEqual({ theorems: 1, properties: 4, passed: 3, failed: 1 });
  }, 240_000);

  it('refuses to resume a different run, naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-resume-'));
    const out = join(dir, 'a');
    expect(cli([...ARGS, '--out', out], { LATENTCHECK_TRIAL_MS: '1' }).code).toBe(1);
    const r = cli([...ARGS.map((a) => (a === '5' ? '6' : a)), '--out', out, '--resume'], { LATENTCHECK_TRIAL_MS: '1' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/resume\.seed: .*5/);
    const none = cli([...ARGS, '--out', join(dir, 'none'), '--resume']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/resume: .*none found/);
  }, 120_000);
});
