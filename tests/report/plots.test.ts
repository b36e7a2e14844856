import { describe, expect, it } from 'vitest';
import { findFonts, planFigures, renderSvg, safeName, svgToPng, textWidth, trialPoints } from '../../src/report/plots.ts';
import type { FigurePlan } from '../../src/report/plots.ts';
import { fixtureSuite } from './fixture.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const FAIL_FILL = 'fill="#e45756"';

/** The children of every mark group whose class names the mark `name` (vega writes `<name>_marks`). */
function markGroups(svg: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="mark-[a-z]+ role-mark ${name}_marks"[^>]*>`, 'g');
  for (let m = re.exec(svg); m; m = re.exec(svg)) {
    const start = m.index + m[0].length;
    out.push(svg.slice(start, svg.indexOf('</g>', start)));
  }
  return out;
}

function count(s: string, needle: string): number {
  return s.split(needle).length - 1;
}

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function svgSize(svg: string): { width: number; height: number } {
  const m = /<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg)!;
  return { width: Number(m[1]), height: Number(m[2]) };
}

describe('figure plans', () => {
  const r = fixtureSuite();
  const plans = planFigures(r);
  const byName = (n: string): FigurePlan => plans.find((p) => p.name === n)!;

  it('one statistic figure per theorem; latents and curves for the trained properties that kept them; safe, unique names', () => {
    expect(plans.map((p) => `${p.kind}:${p.propertyId ?? p.theoremId}`)).toEqual([
      'statistic:fixture2024.known_linear.exact',
      'statistic:fixture2024.trained',
      'latents:permutation-scaling-recovered',
      'curves:permutation-scaling-recovered',
      'curves:identity-and-point-reflection-identify-nothing',
    ]);
    for (const p of plans) expect(p.name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(new Set(plans.map((p) => p.name)).size).toBe(plans.length);
    expect(safeName('a/b c:d..')).toBe('a-b-c-d..');
    expect(safeName('../x')).toBe('x');
  });

  it('per-trial pass/fail: from the outcomes when recorded, else from the threshold (exact equal: the last world of a failure)', () => {
    const [t1, t2] = r.theorems;
    expect(trialPoints(t1.properties[1]).map((q) => q.pass)).toEqual([true, true, true, true, true, true, false]);
    const trained = trialPoints(t2.properties[0]);
    expect(trained.length).toBe(7); // one trial without a value
    expect(trained.filter((q) => !q.pass).map((q) => q.index)).toEqual([3]);
    expect(trialPoints({ ...t1.properties[2], verdict: 'fail', values: [0, 0, 1] }).map((q) => q.pass)).toEqual([true, true, false]);
  });

  it('a statistic crushed against zero gets a log axis (zeros drawn at a floor); a spread one a linear axis', () => {
    const spec = JSON.stringify(byName('fixture2024.known_linear.exact--statistic').spec);
    expect(spec).toContain('"type":"log"');
    expect(spec).toContain('0 drawn at 1.03e-16');
    expect(JSON.stringify(byName('fixture2024.trained--statistic').spec)).not.toContain('"type":"log"');
  });
});

describe('SVG rendering', () => {
  const r = fixtureSuite();
  const plans = planFigures(r);

  it('the statistic figure draws one dot per finite value, failing trials in the failure colour, and one threshold rule per property', async () => {
    const svg = await renderSvg(plans[0].spec);
    const t1 = r.theorems[0];
    for (const [k, p] of t1.properties.entries()) {
      const [dots] = markGroups(svg, `trial_values_${k}`);
      expect(count(dots, '<path'), p.propertyId).toBe(p.values!.length);
      expect(count(dots, FAIL_FILL), p.propertyId).toBe(p.verdict === 'fail' ? 1 : 0);
      expect(count(markGroups(svg, `threshold_${k}`)[0], '<line'), p.propertyId).toBe(1);
    }
    const trained = await renderSvg(plans[1].spec);
    expect(count(markGroups(trained, 'trial_values_1')[0], FAIL_FILL)).toBe(3);
  });

  it('the latents figure has one panel per dimension and one dot per sample and dimension', async () => {
    const svg = await renderSvg(plans[2].spec);
    const groups = markGroups(svg, 'latent_points');
    expect(groups.length).toBe(3);
    for (const g of groups) expect(count(g, '<path')).toBe(300);
    expect(svg).toContain('latent 3');
  });

  it('the curves figure has one line per trial and run', async () => {
    const svg = await renderSvg(plans[3].spec);
    expect(markGroups(svg, 'loss_curves').length).toBe(8);
    expect(svg).toContain('training loss (log scale)');
  });

  it('is deterministic: the same spec gives the same bytes, also after other figures', async () => {
    const a = await renderSvg(plans[3].spec);
    await renderSvg(plans[0].spec);
    await renderSvg(plans[2].spec);
    const b = await renderSvg(plans[3].spec);
    expect(b).toBe(a);
    const again = planFigures(fixtureSuite());
    expect(await renderSvg(again[0].spec)).toBe(await renderSvg(plans[0].spec));
  });

  it('lays text out with DejaVu Sans widths (not 0.8 em per character)', () => {
    expect(textWidth('mmmm', 10)).toBeCloseTo(38.96, 2);
    expect(textWidth('iiii', 10)).toBeCloseTo(11.12, 2);
    expect(textWidth('ab', 10, 'bold')).toBeGreaterThan(textWidth('ab', 10));
  });
});

describe('PNG rendering', () => {
  it('is a PNG at twice the SVG size', async () => {
    const [plan] = planFigures(fixtureSuite());
    const svg = await renderSvg(plan.spec);
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const s = svgSize(svg);
    expect(pngSize(png)).toEqual({ width: Math.round(s.width * 2), height: Math.round(s.height * 2) });
  });

  it('renders without a font file too (system fonts, if any)', async () => {
    const svg = await renderSvg(planFigures(fixtureSuite())[1].spec);
    const png = svgToPng(svg, { files: [], family: null }, 1);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png).width).toBe(Math.round(svgSize(svg).width));
  });

  it('finds a font file on this machine, or says why not', () => {
    const f = findFonts();
    if (f.files.length === 0) expect(f.note).toMatch(/font/);
    else expect(f.note).toBeUndefined();
  });
});
