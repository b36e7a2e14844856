import { describe, expect, it } from 'vitest';
import { texEscape, texId, texNumber } from '../../src/report/tex.ts';

describe('texEscape: ASCII specials', () => {
  it.each([
    ['a_b', 'a\\_b'],
    ['50%', '50\\%'],
    ['A & B', 'A \\& B'],
    ['#1', '\\#1'],
    ['$5', '\\$5'],
    ['{x}', '\\{x\\}'],
    ['a~b', 'a\\ensuremath{\\sim}b'],
    ['x^2', 'x\\^{}2'],
    ['C:\\path', 'C:\\textbackslash{}path'],
    ['|x| < y > z', '\\ensuremath{|}x\\ensuremath{|} \\ensuremath{<} y \\ensuremath{>} z'],
    ['--seed', '-{}-seed'],
    ['a\nb', 'a b'],
  ])('%j → %j', (input, expected) => {
    expect(texEscape(input)).toBe(expected);
  });
});

describe('texEscape: Unicode of the theorem texts', () => {
  it.each([
    ['ẑ', '\\ensuremath{\\hat{z}}'],
    ['ε ≤ δ', '\\ensuremath{\\varepsilon} \\ensuremath{\\leq} \\ensuremath{\\delta}'],
    ['‖x‖', '\\ensuremath{\\|}x\\ensuremath{\\|}'],
    ['f∘g', 'f\\ensuremath{\\circ}g'],
    ['R(θ) ⊕ R(θ)', 'R(\\ensuremath{\\theta}) \\ensuremath{\\oplus} R(\\ensuremath{\\theta})'],
    ['2π', '2\\ensuremath{\\pi}'],
    ['a → b', 'a \\ensuremath{\\to} b'],
    ['n × n', 'n \\ensuremath{\\times} n'],
    ['1–2 — so', '1--2 --- so'],
    ['it’s “quoted”', "it's ``quoted''"],
    ['x ≈ 0', 'x \\ensuremath{\\approx} 0'],
    ['A ∈ 𝓜', 'A \\ensuremath{\\in} \\ensuremath{\\mathcal{M}}'],
    ['ℝⁿ', '\\ensuremath{\\mathbb{R}^{n}}'],
    ['Aᵀ', 'A\\ensuremath{^{\\top}}'],
    ['§3', '\\S{}3'],
    ['Schölkopf, Ahuja, Théo', 'Sch\\"{o}lkopf, Ahuja, Th\\\'{e}o'],
  ])('%j → %j', (input, expected) => {
    expect(texEscape(input)).toBe(expected);
  });

  it('merges runs of superscripts and subscripts (two separate scripts would not compile)', () => {
    expect(texEscape('M⁻¹')).toBe('M\\ensuremath{^{-1}}');
    expect(texEscape('ẑ²')).toBe('\\ensuremath{\\hat{z}^{2}}');
    expect(texEscape('λ₁₂')).toBe('\\ensuremath{\\lambda_{12}}');
    expect(texEscape('ℝⁿˣⁿ')).toBe('\\ensuremath{\\mathbb{R}^{n\\times n}}');
    // sub, sup, sub: the third script gets an empty nucleus.
    expect(texEscape('σ₁²₃')).toBe('\\ensuremath{\\sigma_{1}^{2}{}_{3}}');
  });

  it('applies combining accents to the letter before them', () => {
    expect(texEscape('z\u0304')).toBe('\\ensuremath{\\bar{z}}');
    expect(texEscape('θ\u0302')).toBe('\\ensuremath{\\hat{\\theta}}');
  });

  it('keeps a space between a command and a following letter inside math', () => {
    expect(texEscape('×n')).toBe('\\ensuremath{\\times}n');
    expect(texEscape('ⁿˣ')).toBe('\\ensuremath{^{n\\times}}');
  });

  it('an unmapped character becomes its visible code point, and the output is ASCII', () => {
    expect(texEscape('a ☃ b')).toBe('a \\texttt{[U+2603]} b');
    const all = texEscape('ẑ ≤ ‖θ‖² ∘ π ε δ × – — ’ “” ≈ ∈ ⊕ → ☃ 漢 𝓜 ℂ ½ ° ± √ ∀ ⟨x⟩ ⌈x⌉ ≳ ∤ ∝ ⊙');
    expect(all).toMatch(/^[\x20-\x7e]*$/);
  });
});

describe('texId and texNumber', () => {
  it('typewriter ids break after hyphens and dots', () => {
    expect(texId('a-b.c_d')).toBe('\\texttt{a-\\allowbreak{}b.\\allowbreak{}c\\_\\allowbreak{}d}');
  });

  it('numbers: exponents as powers of ten, minus in math, none as --', () => {
    expect(texNumber(0.1234)).toBe('0.1234');
    expect(texNumber(1.5e-12)).toBe('\\ensuremath{1.50\\times 10^{-12}}');
    expect(texNumber(1.5e-12, true)).toBe('\\ensuremath{1.5\\times 10^{-12}}');
    expect(texNumber(1e-6, true)).toBe('\\ensuremath{1\\times 10^{-6}}');
    expect(texNumber(0.123456, true)).toBe('0.123');
    expect(texNumber(-0.5)).toBe('\\ensuremath{-0.5}');
    expect(texNumber(null)).toBe('--');
    expect(texNumber(Number.NaN)).toBe('--');
    expect(texNumber(0, true)).toBe('0');
  });
});
