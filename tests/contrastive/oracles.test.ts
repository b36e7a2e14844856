/**
 * Calibration of the trained contrastive properties' checks, without training: on ~50 sampled worlds per
 * property, the judge accepts latents from an in-class map of z plus 2 % estimation noise (≥ 95 %) and
 * rejects an out-of-class map (≥ 95 %).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import matthesTrained from '../../theorems/matthes2023-trained.ts';
import zimmermann from '../../theorems/zimmermann2021-sphere.ts';

const WORLDS = 50;

for (const theorem of [matthesTrained, zimmermann])
  describe(`oracle controls of ${theorem.id}`, () => {
    for (const prop of theorem.properties.filter((p) => p.kind === 'trained')) {
      it(`${prop.id}: positive oracle passes ≥ 95 %, negative oracle fails ≥ 95 %`, () => {
        expect(prop.oracle, `${prop.id} has oracle controls`).toBeDefined();
        const worlds = fc.sample(prop.arbitrary('quick'), { seed: 7, numRuns: WORLDS });
        let pos = 0;
        let neg = 0;
        const stats: number[][] = [];
        for (const w of worlds) {
          const p = prop.oracle!.positive(w, 'quick');
          const n = prop.oracle!.negative(w, 'quick');
          if (p.pass) pos++;
          if (!n.pass) neg++;
          stats.push([p.statistic, n.statistic]);
        }
        const msg = `${prop.id}: positive ${pos}/${WORLDS}, negative rejected ${neg}/${WORLDS}; statistics ${JSON.stringify(stats.slice(0, 5))}`;
        expect(pos / WORLDS, msg).toBeGreaterThanOrEqual(0.95);
        expect(neg / WORLDS, msg).toBeGreaterThanOrEqual(0.95);
      });
    }
  });
