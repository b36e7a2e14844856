/**
 * Text to LaTeX for pdflatex: the ASCII specials escaped, and the Unicode our theorem texts use
 * (ẑ, ‖, ≤, →, θ, ², ₁, …) mapped to math or text commands, so the output is pure ASCII and needs only
 * `amsmath` and `amssymb` (for \gtrsim, \mathbb, \nmid). Consecutive math symbols share one
 * `\ensuremath{…}`, and runs of superscript / subscript characters become one `^{…}` / `_{…}`
 * (`⁻¹` → `^{-1}`; two separate superscripts would be a "double superscript" error).
 * A character with no mapping becomes `\texttt{[U+XXXX]}`: visible, and never an error.
 */
import { fmt } from './format.ts';

type Token = { kind: 'text' | 'math' | 'sup' | 'sub'; tex: string };

/** ASCII characters that are special to TeX (or print wrongly in the default OT1 encoding). */
const ASCII: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '#': '\\#',
  '%': '\\%',
  _: '\\_',
  // Not \textasciitilde, \textless, ...: those need the TS1 / T1 fonts, which a minimal TeX may lack.
  '~': '\\ensuremath{\\sim}',
  '^': '\\^{}',
  '<': '\\ensuremath{<}',
  '>': '\\ensuremath{>}',
  '|': '\\ensuremath{|}',
  '"': "''",
};

/** Symbols set in math mode. */
const MATH: Record<string, string> = {
  // Greek
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\varepsilon', ϵ: '\\epsilon', ζ: '\\zeta', η: '\\eta',
  θ: '\\theta', ϑ: '\\vartheta', ι: '\\iota', κ: '\\kappa', λ: '\\lambda', μ: '\\mu', ν: '\\nu', ξ: '\\xi', π: '\\pi',
  ρ: '\\rho', σ: '\\sigma', ς: '\\varsigma', τ: '\\tau', υ: '\\upsilon', φ: '\\varphi', ϕ: '\\phi', χ: '\\chi',
  ψ: '\\psi', ω: '\\omega', Γ: '\\Gamma', Δ: '\\Delta', Θ: '\\Theta', Λ: '\\Lambda', Ξ: '\\Xi', Π: '\\Pi',
  Σ: '\\Sigma', Υ: '\\Upsilon', Φ: '\\Phi', Ψ: '\\Psi', Ω: '\\Omega',
  // Relations, operators, arrows
  '≤': '\\leq', '≥': '\\geq', '≠': '\\neq', '≈': '\\approx', '≃': '\\simeq', '≅': '\\cong', '≡': '\\equiv',
  '∼': '\\sim', '≲': '\\lesssim', '≳': '\\gtrsim', '≪': '\\ll', '≫': '\\gg', '∝': '\\propto', '∈': '\\in',
  '∉': '\\notin', '∋': '\\ni', '⊂': '\\subset', '⊆': '\\subseteq', '⊃': '\\supset', '⊇': '\\supseteq',
  '∩': '\\cap', '∪': '\\cup', '∖': '\\setminus', '∅': '\\emptyset', '∀': '\\forall', '∃': '\\exists',
  '¬': '\\neg', '∧': '\\wedge', '∨': '\\vee', '⊥': '\\perp', '⟂': '\\perp', '∥': '\\|', '‖': '\\|',
  '∣': '\\mid', '∤': '\\nmid', '∘': '\\circ', '·': '\\cdot', '⋅': '\\cdot', '×': '\\times', '÷': '\\div',
  '±': '\\pm', '∓': '\\mp', '−': '-', '∗': '\\ast', '⊕': '\\oplus', '⊗': '\\otimes', '⊙': '\\odot',
  '√': '\\surd', '∂': '\\partial', '∇': '\\nabla', '∞': '\\infty', '∑': '\\sum', '∏': '\\prod', '∫': '\\int',
  '→': '\\to', '←': '\\leftarrow', '↔': '\\leftrightarrow', '⇒': '\\Rightarrow', '⇐': '\\Leftarrow',
  '⇔': '\\Leftrightarrow', '↦': '\\mapsto', '⟶': '\\longrightarrow', '⟹': '\\Longrightarrow', '↑': '\\uparrow',
  '↓': '\\downarrow', '⟨': '\\langle', '⟩': '\\rangle', '⌈': '\\lceil', '⌉': '\\rceil', '⌊': '\\lfloor',
  '⌋': '\\rfloor', '°': '^{\\circ}', '½': '\\tfrac{1}{2}', '¼': '\\tfrac{1}{4}', '¾': '\\tfrac{3}{4}',
  // Letters with a math accent, and math alphabets
  ẑ: '\\hat{z}', Ẑ: '\\hat{Z}', ŷ: '\\hat{y}', Ŷ: '\\hat{Y}', ĝ: '\\hat{g}', ĥ: '\\hat{h}',
  'ℝ': '\\mathbb{R}', 'ℂ': '\\mathbb{C}', 'ℕ': '\\mathbb{N}', 'ℤ': '\\mathbb{Z}', 'ℚ': '\\mathbb{Q}',
  'ℓ': '\\ell', '𝔼': '\\mathbb{E}',
};

/** Characters set as a superscript (merged: `⁻¹` → `^{-1}`). */
const SUP: Record<string, string> = {
  '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9',
  '⁺': '+', '⁻': '-', '⁼': '=', '⁽': '(', '⁾': ')', ⁿ: 'n', ⁱ: 'i', ᵀ: '\\top', ᵈ: 'd', ᵏ: 'k', ᵐ: 'm',
  ᵗ: 't', ʲ: 'j', ʳ: 'r', ˢ: 's', ˣ: '\\times', ˡ: 'l', '′': '\\prime', '″': '\\prime\\prime',
};

/** Characters set as a subscript (merged: `₁₂` → `_{12}`). */
const SUB: Record<string, string> = {
  '₀': '0', '₁': '1', '₂': '2', '₃': '3', '₄': '4', '₅': '5', '₆': '6', '₇': '7', '₈': '8', '₉': '9',
  '₊': '+', '₋': '-', '₌': '=', '₍': '(', '₎': ')', ᵢ: 'i', ⱼ: 'j', ₖ: 'k', ₙ: 'n', ₘ: 'm', ₐ: 'a', ₑ: 'e',
  ₒ: 'o', ₓ: 'x', ₜ: 't', ₚ: 'p', ₛ: 's',
};

/** Text-mode replacements. */
const TEXT: Record<string, string> = {
  '–': '--', '—': '---', '‘': '`', '’': "'", '‚': ',', '“': '``', '”': "''", '„': ',,', '…': '\\ldots{}',
  '§': '\\S{}', '¶': '\\P{}', '•': '\\textbullet{}', '†': '\\dag{}', '‡': '\\ddag{}', '©': '\\copyright{}',
  '\u00a0': '~', '\u2009': '\\,', '\u202f': '\\,', '\u2002': '\\enspace{}', '\u2003': '\\quad{}', '\u200b': '',
  ß: '\\ss{}', æ: '\\ae{}', Æ: '\\AE{}', ø: '\\o{}', Ø: '\\O{}', å: '\\aa{}', Å: '\\AA{}', œ: '\\oe{}',
  Œ: '\\OE{}', ł: '\\l{}', Ł: '\\L{}', ı: '\\i{}', '¿': '?`', '¡': '!`',
};

/** Combining accents: the text-mode accent command, and the math accent (for a single letter or symbol). */
const ACCENTS: Record<number, { text: string; math?: string }> = {
  0x300: { text: '\\`', math: '\\grave' },
  0x301: { text: "\\'", math: '\\acute' },
  0x302: { text: '\\^', math: '\\hat' },
  0x303: { text: '\\~', math: '\\tilde' },
  0x304: { text: '\\=', math: '\\bar' },
  0x305: { text: '\\=', math: '\\bar' },
  0x306: { text: '\\u', math: '\\breve' },
  0x307: { text: '\\.', math: '\\dot' },
  0x308: { text: '\\"', math: '\\ddot' },
  0x30a: { text: '\\r' },
  0x30b: { text: '\\H' },
  0x30c: { text: '\\v', math: '\\check' },
  0x327: { text: '\\c' },
  0x328: { text: '\\k' },
  0x20d7: { text: '', math: '\\vec' },
};

/** Mathematical script / bold / italic capitals and small letters (U+1D400…) as \mathcal, \mathbf, … */
function mathAlphanumeric(cp: number): string | null {
  const styles: [number, string][] = [
    [0x1d400, '\\mathbf'], [0x1d434, '\\mathit'], [0x1d468, '\\boldsymbol'], [0x1d49c, '\\mathcal'],
    [0x1d4d0, '\\mathcal'], [0x1d504, '\\mathfrak'], [0x1d538, '\\mathbb'], [0x1d56c, '\\mathfrak'],
    [0x1d5a0, '\\mathsf'],
  ];
  for (const [start, cmd] of styles) {
    const k = cp - start;
    if (k >= 0 && k < 52) {
      const letter = k < 26 ? String.fromCharCode(65 + k) : String.fromCharCode(97 + k - 26);
      // \mathcal and \mathbb have capitals only; lower-case letters fall back to italic.
      if (k >= 26 && (cmd === '\\mathcal' || cmd === '\\mathbb')) return letter;
      return `${cmd}{${letter}}`;
    }
  }
  return null;
}

/** Fallback for a character with no mapping: its code point, visibly. */
function unknown(cp: number): Token {
  return { kind: 'text', tex: `\\texttt{[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]}` };
}

/** Apply a combining accent to the token before it (a letter or a single math symbol); dropped otherwise. */
function accent(prev: Token | undefined, cp: number): Token | null {
  const a = ACCENTS[cp];
  if (!a || !prev) return null;
  if (prev.kind === 'text' && /^[A-Za-z]$/.test(prev.tex)) return a.math ? { kind: 'math', tex: `${a.math}{${prev.tex}}` } : { kind: 'text', tex: `${a.text}{${prev.tex}}` };
  if (prev.kind === 'math' && a.math && /^\\[A-Za-z]+$/.test(prev.tex)) return { kind: 'math', tex: `${a.math}{${prev.tex}}` };
  return null;
}

/** A Latin letter with accents (é, ä, ā, ç): the base letter with text accent commands. */
function latinAccented(ch: string): string | null {
  const d = ch.normalize('NFD');
  if (d.length < 2 || !/^[A-Za-z]$/.test(d[0])) return null;
  let tex = d[0] === 'i' ? '\\i' : d[0] === 'j' ? '\\j' : d[0];
  for (const mark of d.slice(1)) {
    const a = ACCENTS[mark.codePointAt(0)!];
    if (!a || a.text === '') return null;
    tex = `${a.text}{${tex}}`;
  }
  return tex;
}

function tokenize(s: string): Token[] {
  const out: Token[] = [];
  for (const ch of s.normalize('NFC')) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      if (ch === '\n' || ch === '\t' || ch === '\r') out.push({ kind: 'text', tex: ' ' });
      else if (cp < 0x20 || cp === 0x7f) continue;
      // `--` and `---` would become dashes: keep ASCII hyphens apart.
      else if (ch === '-' && out.length > 0 && out[out.length - 1].tex.endsWith('-') && out[out.length - 1].kind === 'text') out.push({ kind: 'text', tex: '{}-' });
      else out.push({ kind: 'text', tex: ASCII[ch] ?? ch });
      continue;
    }
    if ((cp >= 0x300 && cp <= 0x36f) || cp === 0x20d7) {
      const t = accent(out[out.length - 1], cp);
      if (t) out[out.length - 1] = t;
      continue;
    }
    if (SUP[ch] !== undefined) out.push({ kind: 'sup', tex: SUP[ch] });
    else if (SUB[ch] !== undefined) out.push({ kind: 'sub', tex: SUB[ch] });
    else if (MATH[ch] !== undefined) out.push({ kind: 'math', tex: MATH[ch] });
    else if (TEXT[ch] !== undefined) out.push({ kind: 'text', tex: TEXT[ch] });
    else {
      const alnum = mathAlphanumeric(cp);
      const latin = alnum === null ? latinAccented(ch) : null;
      if (alnum !== null) out.push({ kind: 'math', tex: alnum });
      else if (latin !== null) out.push({ kind: 'text', tex: latin });
      else out.push(unknown(cp));
    }
  }
  return out;
}

/** Concatenate math, with a space where a command name would otherwise run into a letter (`\\times n`). */
function joinMath(a: string, b: string): string {
  return /\\[A-Za-z]+$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b;
}

/** Join the math tokens of one run: scripts of one kind merged, a `{}` nucleus before a third script. */
function mathRun(tokens: Token[]): string {
  let tex = '';
  let seen = { sup: false, sub: false };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'sup' || t.kind === 'sub') {
      let body = t.tex;
      while (i + 1 < tokens.length && tokens[i + 1].kind === t.kind) body = joinMath(body, tokens[++i].tex);
      if (seen[t.kind]) {
        tex += '{}';
        seen = { sup: false, sub: false };
      }
      seen[t.kind] = true;
      tex += `${t.kind === 'sup' ? '^' : '_'}{${body}}`;
    } else {
      tex = joinMath(tex, t.tex);
      seen = { sup: false, sub: false };
    }
  }
  return `\\ensuremath{${tex}}`;
}

/** Escape plain text (with Unicode) for LaTeX; the result is ASCII. */
export function texEscape(s: string): string {
  const tokens = tokenize(s);
  let out = '';
  for (let i = 0; i < tokens.length; ) {
    if (tokens[i].kind === 'text') {
      out += tokens[i++].tex;
      continue;
    }
    const run: Token[] = [];
    while (i < tokens.length && tokens[i].kind !== 'text') run.push(tokens[i++]);
    out += mathRun(run);
  }
  return out;
}

/** An identifier in typewriter type, breakable after `-`, `.`, `/` and `_` (long property ids in narrow columns). */
export function texId(id: string): string {
  const parts = id.split(/(?<=[-./_])/);
  return `\\texttt{${parts.map(texEscape).join('\\allowbreak{}')}}`;
}

/**
 * A number for LaTeX: `fmt`'s digits (or `short`: 3 significant digits, 2 in exponent form), exponents
 * as `\times 10^{k}`, a minus sign in math; `--` for none.
 */
export function texNumber(v: number | null | undefined, short = false): string {
  let s = fmt(v);
  if (s === '–') return '--';
  if (short && s !== '0') s = s.includes('e') ? v!.toExponential(1).replace(/\.0e/, 'e') : String(Number(v!.toPrecision(3)));
  const m = /^(-?[\d.]+)e([+-]\d+)$/.exec(s);
  if (m) return `\\ensuremath{${m[1]}\\times 10^{${Number(m[2])}}}`;
  return s.startsWith('-') ? `\\ensuremath{${s}}` : s;
}
