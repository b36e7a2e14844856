/**
 * The commutant dimension of a group action in closed form, from its params alone (never from a
 * computed basis), so tests and theorem specs can check the numerics against the theory.
 *
 * Schur's lemma over R: decompose ρ into irreducibles L with multiplicities m_L; then
 *   dim End_G(ρ) = Σ_L m_L² · dim End_G(L),
 * with dim End_G(L) = 1 for absolutely irreducible L (real type) and 2 for the plane rotations of C_k
 * (k ∤ 2p) and SO(2) (complex type). Decompositions used:
 * - S_n: permutation = trivial ⊕ standard (n ≥ 3), trivial ⊕ sign (n = 2), trivial (n = 1);
 *   standard (n ≥ 3) real type; sign real type (trivial for n = 1).
 * - B_n (signed permutations), O(n), SO(n ≥ 3): absolutely irreducible. SO(2): complex type. SO(1): trivial.
 * - C_k by R(2πp/k) ⊕ I_{n−2}: the plane is 2 × trivial (kp ≡ 0), 2 × the sign character (2p ≡ k mod 2k),
 *   else the complex irrep labelled min(p mod k, −p mod k); plus n − 2 trivial. Shift (power coprime to n):
 *   the regular representation (trivial, the sign character for even n, each rotation irrep once), so the
 *   commutant is the circulants, dim n.
 * - scalings(n): n distinct generic characters (one per coordinate).
 * - translations(n) (homogeneous, ≥ n generic samples): n + 1; with s < n samples the
 *   commutant is { [[B, c], [0, a]] : B = a on span(t) }, dim n(n − s) + n + 1.
 * - finite groups given by matrices (and closure-route direct sums): no closed form (null).
 */
import type { GroupActionParams } from './types.ts';

/** Isotypic content: irreducible label → { multiplicity, dim End }. */
type Isotypic = Map<string, { m: number; end: number }>;

function addTo(acc: Isotypic, label: string, m: number, end: number): void {
  const cur = acc.get(label);
  if (cur) cur.m += m;
  else acc.set(label, { m, end });
}

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a;
}

/** The group id a params record represents (as `action.group.id`), '*' for trivial, null when unknown. */
function groupId(p: GroupActionParams): string | null {
  switch (p.kind) {
    case 'special-orthogonal':
      return `SO(${p.n})`;
    case 'orthogonal':
      return `O(${p.n})`;
    case 'scalings':
      return `scalings(${p.n})`;
    case 'translations':
      return `translations(${p.n})`;
    case 'permutation':
    case 'standard-irrep':
    case 'sign-rep':
      return `S_${p.n}`;
    case 'signed-permutation':
      return `B_${p.n}`;
    case 'cyclic':
      return `C_${p.k}`;
    case 'trivial':
      return '*';
    default:
      return null;
  }
}

/** Isotypic decomposition of a non-direct-sum action, or null when there is no closed form. */
function decompose(p: GroupActionParams): Isotypic | null {
  const out: Isotypic = new Map();
  const g = groupId(p);
  switch (p.kind) {
    case 'trivial':
      addTo(out, 'trivial', p.n, 1);
      return out;
    case 'permutation':
      addTo(out, 'trivial', 1, 1);
      if (p.n === 2) addTo(out, `${g}:sign`, 1, 1);
      else if (p.n >= 3) addTo(out, `${g}:standard`, 1, 1);
      return out;
    case 'standard-irrep':
      addTo(out, p.n === 2 ? `${g}:sign` : `${g}:standard`, 1, 1);
      return out;
    case 'sign-rep':
      addTo(out, p.n === 1 ? 'trivial' : `${g}:sign`, 1, 1);
      return out;
    case 'signed-permutation':
    case 'orthogonal':
      addTo(out, `${g}:defining`, 1, 1);
      return out;
    case 'special-orthogonal':
      if (p.n === 1) addTo(out, 'trivial', 1, 1);
      else addTo(out, `${g}:defining`, 1, p.n === 2 ? 2 : 1);
      return out;
    case 'scalings':
      for (let i = 0; i < p.n; i++) addTo(out, `${g}:coordinate ${i}`, 1, 1);
      return out;
    case 'cyclic': {
      if (p.representation === 'shift') {
        if (gcd(p.power, p.n) !== 1) return null;
        // Regular representation of C_n (a power coprime to n only relabels the elements): the trivial and,
        // for even n, the sign character j ↦ (−1)^j once each, and every rotation irrep j = 1..⌈n/2⌉−1 once.
        addTo(out, 'trivial', 1, 1);
        if (p.n % 2 === 0) addTo(out, `${g}:-1`, 1, 1);
        for (let j = 1; j < p.n / 2; j++) addTo(out, `${g}:rotation ${j}`, 1, 2);
        return out;
      }
      const r = (((p.power % p.k) + p.k) % p.k) * 2; // 2p mod 2k: θ = π·r/k
      if (r === 0) addTo(out, 'trivial', 2, 1);
      else if (r === p.k) addTo(out, `${g}:-1`, 2, 1);
      else {
        const j = Math.min(r / 2, p.k - r / 2);
        addTo(out, `${g}:rotation ${j}`, 1, 2);
      }
      if (p.n > 2) addTo(out, 'trivial', p.n - 2, 1);
      return out;
    }
    default:
      return null;
  }
}

/**
 * The commutant dimension the theory predicts for the action these params build, or null when there is
 * no closed form (groups given by matrices, closure-route direct sums, shifts by a power not coprime to n).
 */
export function expectedCommutantDim(params: GroupActionParams): number | null {
  if (params.kind === 'translations') {
    const { n, samples } = params;
    const s = Math.min(samples, n);
    return n * (n - s) + n + 1;
  }
  if (params.kind === 'direct-sum') {
    const ids = new Set(params.irreps.map((s) => groupId(s.action)).filter((id) => id !== '*'));
    if (ids.size > 1 || ids.has(null)) return null;
    const acc: Isotypic = new Map();
    for (const s of params.irreps) {
      const d = decompose(s.action);
      if (!d) return null;
      for (const [label, { m, end }] of d) addTo(acc, label, m * s.copies, end);
    }
    return [...acc.values()].reduce((sum, { m, end }) => sum + m * m * end, 0);
  }
  const d = decompose(params);
  if (!d) return null;
  return [...d.values()].reduce((sum, { m, end }) => sum + m * m * end, 0);
}
