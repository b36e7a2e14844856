/** Every case of tests/golden/centralizer.json: centralizerDim from src/linalg/centralizer.ts, exactly. */
import { describe, expect, it } from 'vitest';
import { centralizerDim } from '../../src/linalg/centralizer.ts';
import type { CentralizerGoldenCase } from '../golden/load.ts';
import { loadGolden } from '../golden/load.ts';

const cases = loadGolden<CentralizerGoldenCase[]>('centralizer');

describe('golden centralizer.json', () => {
  it('holds the 13 reference cases', () => {
    expect(cases).toHaveLength(13);
  });

  it.each(cases.map((c) => [c.name, c] as const))('centralizerDim %s', (_name, c) => {
    expect(centralizerDim(c.mechanisms)).toBe(c.centralizerDim);
  });
});
