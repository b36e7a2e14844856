/**
 * Plain-array matrices: `Mat = number[][]`, row-major, rows are samples (n × d) or matrix rows.
 * Public functions take and return plain arrays; ml-matrix is used inside for factorisations.
 */
import { Matrix } from 'ml-matrix';

/** A dense matrix as rows of numbers. */
export type Mat = number[][];
/** A vector. */
export type Vec = number[];

export function shape(a: Mat): [number, number] {
  return [a.length, a.length === 0 ? 0 : a[0].length];
}

export function zeros(rows: number, cols: number): Mat {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Mat {
  const m = zeros(n, n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

export function transpose(a: Mat): Mat {
  const [r, c] = shape(a);
  const t = zeros(c, r);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j][i] = a[i][j];
  return t;
}

/** Matrix product a·b. */
export function matmul(a: Mat, b: Mat): Mat {
  const [r, k] = shape(a);
  const [k2, c] = shape(b);
  if (k !== k2) throw new Error(`matmul: inner dimensions differ (${r}x${k} · ${k2}x${c})`);
  const out = zeros(r, c);
  for (let i = 0; i < r; i++) {
    const ai = a[i];
    const oi = out[i];
    for (let p = 0; p < k; p++) {
      const v = ai[p];
      if (v === 0) continue;
      const bp = b[p];
      for (let j = 0; j < c; j++) oi[j] += v * bp[j];
    }
  }
  return out;
}

/** Apply a linear map to every row: rows of `z` (n × d) mapped to rows of z·Aᵀ (n × m), i.e. ẑ_i = A z_i. */
export function applyLinear(z: Mat, a: Mat, b?: Vec): Mat {
  const out = matmul(z, transpose(a));
  if (b) for (const row of out) for (let j = 0; j < row.length; j++) row[j] += b[j];
  return out;
}

export function add(a: Mat, b: Mat): Mat {
  return a.map((row, i) => row.map((v, j) => v + b[i][j]));
}

export function sub(a: Mat, b: Mat): Mat {
  return a.map((row, i) => row.map((v, j) => v - b[i][j]));
}

export function scale(a: Mat, s: number): Mat {
  return a.map((row) => row.map((v) => v * s));
}

/** Frobenius norm ‖a‖_F. */
export function frobenius(a: Mat): number {
  let s = 0;
  for (const row of a) for (const v of row) s += v * v;
  return Math.sqrt(s);
}

/** Column means of an n × d matrix. */
export function colMeans(a: Mat): Vec {
  const [n, d] = shape(a);
  const m = new Array<number>(d).fill(0);
  for (const row of a) for (let j = 0; j < d; j++) m[j] += row[j];
  return m.map((v) => v / n);
}

/** Subtract column means. */
export function center(a: Mat): Mat {
  const m = colMeans(a);
  return a.map((row) => row.map((v, j) => v - m[j]));
}

/** Sum of squares of all entries. */
export function sumSquares(a: Mat): number {
  let s = 0;
  for (const row of a) for (const v of row) s += v * v;
  return s;
}

/** Deep copy. */
export function clone(a: Mat): Mat {
  return a.map((row) => row.slice());
}

/** Direct sum (block diagonal) of square or rectangular blocks. */
export function blockDiag(...blocks: Mat[]): Mat {
  const rows = blocks.reduce((s, b) => s + shape(b)[0], 0);
  const cols = blocks.reduce((s, b) => s + shape(b)[1], 0);
  const out = zeros(rows, cols);
  let r0 = 0;
  let c0 = 0;
  for (const b of blocks) {
    const [r, c] = shape(b);
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[r0 + i][c0 + j] = b[i][j];
    r0 += r;
    c0 += c;
  }
  return out;
}

/** Kronecker product a ⊗ b. */
export function kron(a: Mat, b: Mat): Mat {
  const [ar, ac] = shape(a);
  const [br, bc] = shape(b);
  const out = zeros(ar * br, ac * bc);
  for (let i = 0; i < ar; i++)
    for (let j = 0; j < ac; j++)
      for (let k = 0; k < br; k++) for (let l = 0; l < bc; l++) out[i * br + k][j * bc + l] = a[i][j] * b[k][l];
  return out;
}

/** Column-major vectorisation vec(A) (stacks columns), matching (Mᵀ ⊗ I) vec(A) = vec(A M). */
export function vec(a: Mat): Vec {
  const [r, c] = shape(a);
  const v: Vec = [];
  for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) v.push(a[i][j]);
  return v;
}

/** Inverse of `vec` for an r × c matrix. */
export function unvec(v: Vec, r: number, c: number): Mat {
  const a = zeros(r, c);
  for (let j = 0; j < c; j++) for (let i = 0; i < r; i++) a[i][j] = v[j * r + i];
  return a;
}

export function toMl(a: Mat): Matrix {
  return new Matrix(a);
}

export function fromMl(m: Matrix): Mat {
  return m.to2DArray();
}
