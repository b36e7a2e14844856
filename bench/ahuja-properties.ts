/**
 * Wall time of every Ahuja, Hartford & Bengio (2022) property in the quick and full profiles, run through
 * the same runner as the CLI (one process, sequential, this machine's backend). The full profile trains
 * many more networks: expect tens of minutes. `BENCH_PROFILES=quick` limits it to the quick profile.
 */
import { listTheorems } from '../src/suite.ts';
import { runProperty } from '../src/runner/runProperty.ts';
import { DEFAULT_SEED } from '../src/runner/runSuite.ts';
import { resolveProfile } from '../src/theorem/profile.ts';
import type { ProfileName } from '../src/theorem/profile.ts';

export async function run(): Promise<void> {
  const profiles = (process.env.BENCH_PROFILES ?? 'quick,full').split(',').map((p) => resolveProfile(p.trim())) as ProfileName[];
  const theorems = listTheorems().filter((t) => t.id.startsWith('ahuja2022.'));
  console.log(`| theorem | property | kind | ${profiles.map((p) => `${p}: worlds | ${p}: wall s`).join(' | ')} |`);
  console.log(`|---|---|---|${profiles.map(() => '---|---').join('|')}|`);
  const totals: Record<string, number> = {};
  for (const t of theorems)
    for (const p of t.properties) {
      const cells: string[] = [];
      for (const profile of profiles) {
        const r = runProperty(t, p, { seed: DEFAULT_SEED, profile });
        totals[profile] = (totals[profile] ?? 0) + r.timing.wallMs;
        const worlds = r.rule ? `${r.rule.successes}/${r.rule.trials} ok` : `${r.trials}`;
        cells.push(`${worlds} | ${(r.timing.wallMs / 1000).toFixed(1)}`);
      }
      console.log(`| ${t.id} | ${p.id} | ${p.kind} | ${cells.join(' | ')} |`);
    }
  console.log('');
  console.log(profiles.map((p) => `total ${p}: ${((totals[p] ?? 0) / 1000).toFixed(1)} s`).join(', '));
}
