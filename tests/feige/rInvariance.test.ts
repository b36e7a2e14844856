/**
 * The r-invariance half of feige2019.trained's r-invariant / v-equivariant judge: it reads r's within-class
 * share on the rows the classifier gets right, so a classifier error is counted once (by the accuracy
 * criterion), while an r that moves with the angle inside its class is still rejected (negative control).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { judgeInvEq, oracleEval, processOf, worldArb } from '../../theorems/feige2019-trained.ts';
import { classifierAccuracy, rWithinShare, rWithinShareCorrect } from '../../src/feige/trial.ts';
import type { FeigeEval } from '../../src/feige/trial.ts';

const worlds = fc.sample(worldArb(), { seed: 7, numRuns: 12 });
const semi = (w: (typeof worlds)[number]) => processOf(w, { labelFraction: 0.1 });

/** The consistent oracle with every `every`-th row misclassified as the next class (q one-hot there, r at its embedding). */
function withErrors(ev: FeigeEval, every: number): FeigeEval {
  const K = ev.classes;
  const embedding = (k: number) => ev.r![ev.y.findIndex((y) => y === k)];
  const wrong = (i: number) => i % every === 0;
  return {
    ...ev,
    qy: ev.qy.map((q, i) => (wrong(i) ? q.map((_, k) => (k === (ev.y[i] + 1) % K ? 1 : 0)) : q)),
    r: ev.r!.map((row, i) => (wrong(i) ? embedding((ev.y[i] + 1) % K).slice() : row)),
  };
}

describe('feige2019.trained: r invariance judged on correctly classified rows', () => {
  it('an r that reads the angle within its class fails the judge (negative control), in every world', () => {
    for (const w of worlds) {
      const ev = oracleEval(semi(w), w, 'quick', 'r-reads-angle');
      expect(classifierAccuracy(ev)).toBe(1);
      expect(rWithinShareCorrect(ev)).toBeGreaterThan(0.05);
      const o = judgeInvEq(ev, 0.9);
      expect(o.pass).toBe(false);
      // …while the same oracle with r constant per class passes.
      expect(judgeInvEq(oracleEval(semi(w), w, 'quick', 'consistent'), 0.9).pass).toBe(true);
    }
  });

  it('a classifier error rate within the accuracy tolerance is counted once: all-rows share fails, correct-rows share passes', () => {
    let allRowsFailed = 0;
    for (const w of worlds) {
      const ev = withErrors(oracleEval(semi(w), w, 'quick', 'consistent'), 20); // 5 % wrong: accuracy 0.95 ≥ 0.9
      expect(classifierAccuracy(ev)).toBeCloseTo(0.95, 2);
      expect(rWithinShareCorrect(ev)).toBeLessThan(0.01);
      if (rWithinShare(ev) > 0.05) allRowsFailed++;
      const o = judgeInvEq(ev, 0.9);
      expect(o.pass).toBe(true);
      expect(o.details!.rWithinShareAll).toBeGreaterThan(o.details!.rWithinShareCorrect as number);
    }
    // The inconsistency the change removes: the all-rows share rejects most of these worlds.
    expect(allRowsFailed).toBeGreaterThanOrEqual(worlds.length / 2);
  });

  it('errors beyond the accuracy tolerance still fail (accuracy criterion)', () => {
    const w = worlds[0];
    const ev = withErrors(oracleEval(semi(w), w, 'quick', 'consistent'), 5); // 20 % wrong
    expect(judgeInvEq(ev, 0.9).pass).toBe(false);
  });

  it('rWithinShareCorrect is 1 without r or without a correct row', () => {
    const w = worlds[0];
    const ev = oracleEval(semi(w), w, 'quick', 'consistent');
    expect(rWithinShareCorrect({ ...ev, r: null })).toBe(1);
    expect(rWithinShareCorrect({ ...ev, qy: ev.qy.map((q, i) => q.map((_, k) => (k === (ev.y[i] + 1) % ev.classes ? 1 : 0))) })).toBe(1);
  });
});
