/**
 * The four contrastive losses of Matthes, Han & Shen (2023) on the shared training core (tfjs), with the
 * δ-critic of theory.md §3:
 *
 *   ψ(x, x̃) = −δ(f(x), f(x̃))/τ + c₁(x) + c₂(x̃) + b,    δ(a, b) = ‖a − b‖_α^α = Σᵢ |aᵢ − bᵢ|^α,
 *
 * (c₁, c₂ the optional learnable correction terms, b a learnable scalar). On a batch of B positive pairs and
 * M negatives, with ψ⁺ᵢ = ψ(xᵢ, x̃ᵢ) and ψ⁻ᵢⱼ = ψ(xᵢ, x⁻ⱼ):
 *
 *   δ-NCE:     mean_i softplus(−ψ⁺ᵢ) + mean_ij softplus(ψ⁻ᵢⱼ)          (= −E log σ(ψ⁺) − E log(1 − σ(ψ⁻)))
 *   δ-InfoNCE: mean_i [ logsumexp(ψ⁺ᵢ, ψ⁻ᵢ₁, …, ψ⁻ᵢM) − ψ⁺ᵢ ]
 *   δ-SCL:     −2 mean_i exp(ψ⁺ᵢ) + mean_ij exp(2ψ⁻ᵢⱼ)
 *   δ-NWJ:     −mean_i ψ⁺ᵢ + mean_ij exp(ψ⁻ᵢⱼ − 1)
 *
 * Their population minimisers over all critics are ψ* = log p(x̃|x)/p(x̃) (NCE, SCL), the same plus any c(x)
 * (InfoNCE) and 1 + log p(x̃|x)/p(x̃) (NWJ); theory.md §3.
 *
 * Numerics: softplus and logsumexp are evaluated in max-shifted form (InfoNCE's row logsumexp comes from the
 * softmax kernel: lse = max − log max softmax), so they neither overflow nor lose the small terms. SCL's
 * exp(2ψ) and NWJ's exp(ψ − 1) are the losses themselves: finite whenever the loss is (ψ ≲ 44 in float32).
 *
 * Two layouts of the negatives:
 * - 'separate': ψ⁻ is [B, M] against negatives drawn from the marginal;
 * - 'diagonal': ψ⁻ is the [B, B] critic matrix of anchors against the batch's positives, whose diagonal is
 *   ψ⁺ (in-batch negatives: x̃ⱼ, j ≠ i, which are marginal draws when the conditional preserves the marginal,
 *   e.g. vMF on the uniform sphere). InfoNCE then uses each full row (1 positive + B − 1 negatives); the other
 *   losses average the negatives' term over the off-diagonal entries.
 *
 * Speed on wasm (deps.md): element-wise kernels on [B, M] matrices and tfjs's stock gradients (transposed
 * matMuls, column sums, the max-gradient inside logsumexp) dominate a step at B = 1024. So (i) the squared-L2
 * critic matrix is one matMul of augmented factors, ψ⁻ = [f(x), ‖f(x)‖², 1, c₁ + b]·[2f(x⁻)ᵀ/τ; −1/τ;
 * c₂ − ‖f(x⁻)‖²/τ; 1], with a fast-path gradient; (ii) each loss is one op with its analytic gradient;
 * (iii) pairwise |·|^α for α ≠ 2 is built one coordinate at a time with reductions done as matMuls with ones.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';

/** One of the four δ-losses of Matthes, Han & Shen (2023) (module doc): δ-NCE, δ-InfoNCE, δ-SCL, δ-NWJ. */
export type ContrastiveLossKind = 'nce' | 'infonce' | 'scl' | 'nwj';
export const CONTRASTIVE_LOSSES: readonly ContrastiveLossKind[] = ['nce', 'infonce', 'scl', 'nwj'];
/**
 * Layout of the negatives' critic values ψ⁻ (module doc): 'separate' ([B, M] against marginal draws) or
 * 'diagonal' (the [B, B] matrix against the batch's positives, ψ⁺ on its diagonal).
 */
export type NegativeLayout = 'separate' | 'diagonal';

/** Exponents α accepted for δ = ‖·‖_α^α (α ≥ 1: below 1 the distance has unbounded slope at 0). */
export const ALPHA_RANGE: readonly [number, number] = [1, 16];

export function validateLossKind(kind: unknown, field = 'loss'): ContrastiveLossKind {
  if (!CONTRASTIVE_LOSSES.includes(kind as ContrastiveLossKind)) throw new InputError(field, kind, `one of ${CONTRASTIVE_LOSSES.join(', ')}`);
  return kind as ContrastiveLossKind;
}

export function validateAlpha(alpha: unknown, field = 'alpha'): number {
  if (typeof alpha !== 'number' || !(alpha >= ALPHA_RANGE[0] && alpha <= ALPHA_RANGE[1]))
    throw new InputError(field, alpha, `an exponent α in [${ALPHA_RANGE[0]}, ${ALPHA_RANGE[1]}] (δ = ‖·‖_α^α)`);
  return alpha;
}

function assert2D(field: string, t: unknown, cols?: number): tf.Tensor2D {
  if (!(t instanceof tf.Tensor) || t.rank !== 2) throw new InputError(field, t instanceof tf.Tensor ? t.shape : t, 'a rank-2 float32 tensor');
  if (cols !== undefined && t.shape[1] !== cols) throw new InputError(field, t.shape, `a tensor with ${cols} columns`);
  if (t.dtype !== 'float32') throw new InputError(field, t.dtype, 'a float32 tensor');
  return t as tf.Tensor2D;
}

function assert1D(field: string, t: unknown, length: number): tf.Tensor1D {
  if (!(t instanceof tf.Tensor) || t.rank !== 1 || t.shape[0] !== length)
    throw new InputError(field, t instanceof tf.Tensor ? t.shape : t, `a rank-1 float32 tensor of length ${length}`);
  if (t.dtype !== 'float32') throw new InputError(field, t.dtype, 'a float32 tensor');
  return t as tf.Tensor1D;
}

/**
 * x·y for x [B, k], y [k, M] with the gradient on wasm's fast path (plain matMuls after explicit
 * transposes of the thin operands): dx = dy·transpose(y), dy' = transpose(x)·dy.
 */
export function thinMatMul(x: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad<tf.Tensor2D>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const x2 = args[0] as tf.Tensor2D;
    const y2 = args[1] as tf.Tensor2D;
    (args[2] as tf.GradSaveFunc)([x2, y2]);
    return {
      value: tf.matMul(x2, y2),
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ys] = saved as tf.Tensor2D[];
        return [tf.matMul(dy, tf.transpose(ys)), tf.matMul(tf.transpose(xs), dy)];
      },
    };
  });
  return op(x, y);
}

/**
 * Row-wise δ(aᵢ, bᵢ) = Σⱼ |aᵢⱼ − bᵢⱼ|^α for row-aligned a, b [B, n] → [B] (tfjs's own gradients: every op is
 * element-wise on [B, n] or a last-axis sum).
 */
export function rowDelta(a: tf.Tensor2D, b: tf.Tensor2D, alpha: number): tf.Tensor1D {
  assert2D('a', a);
  assert2D('b', b, a.shape[1]);
  validateAlpha(alpha);
  if (b.shape[0] !== a.shape[0]) throw new InputError('b', b.shape, `${a.shape[0]} rows like a`);
  return tf.tidy(() => {
    const d = tf.sub(a, b);
    const p = alpha === 1 ? tf.abs(d) : alpha === 2 ? tf.square(d) : tf.pow(tf.abs(d), alpha);
    return tf.sum(p, 1) as tf.Tensor1D;
  });
}

/** Σₖ |aᵢₖ − bⱼₖ|^α [B, M] (α ≠ 2), one [B, M] slab per coordinate, reductions of the gradient as matMuls. */
function pairwiseLp(a: tf.Tensor2D, b: tf.Tensor2D, alpha: number): tf.Tensor2D {
  const n = a.shape[1];
  const op = tf.customGrad<tf.Tensor2D>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const a2 = args[0] as tf.Tensor2D;
    const b2 = args[1] as tf.Tensor2D;
    const save = args[2] as tf.GradSaveFunc;
    const bt = tf.transpose(b2); // [n, M]
    const diffs: tf.Tensor2D[] = [];
    let value: tf.Tensor2D | null = null;
    for (let k = 0; k < n; k++) {
      const d = tf.sub(tf.slice(a2, [0, k], [-1, 1]), tf.slice(bt, [k, 0], [1, -1])) as tf.Tensor2D; // [B, M]
      diffs.push(d);
      const term = (alpha === 1 ? tf.abs(d) : tf.pow(tf.abs(d), alpha)) as tf.Tensor2D;
      value = value === null ? term : (tf.add(value, term) as tf.Tensor2D);
    }
    save(diffs);
    const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]): tf.Tensor[] => {
      const [rows, cols] = dy.shape;
      const oc = tf.ones([cols, 1]) as tf.Tensor2D;
      const or = tf.ones([1, rows]) as tf.Tensor2D;
      const das: tf.Tensor2D[] = [];
      const dbs: tf.Tensor2D[] = [];
      for (const d of saved as tf.Tensor2D[]) {
        // ∂|d|^α/∂d = α |d|^{α−1} sign(d), with sign as step(d, −1) = ±1 (−1 at 0, a null set): wasm's step kernel is fast, sign is not.
        const sgn = tf.step(d, -1);
        const g = (alpha === 1 ? tf.mul(dy, sgn) : tf.mul(dy, tf.mul(sgn, tf.mul(tf.pow(tf.abs(d), alpha - 1), alpha)))) as tf.Tensor2D;
        das.push(tf.matMul(g, oc)); // [B, 1]
        dbs.push(tf.matMul(or, g)); // [1, M]
      }
      return [tf.concat(das, 1), tf.neg(tf.transpose(tf.concat(dbs, 0)))];
    };
    return { value: value!, gradFunc };
  });
  return op(a, b);
}

/** Column of ‖rows‖² [B, 1]. */
const sqNorms = (t: tf.Tensor2D) => tf.sum(tf.square(t), 1, true) as tf.Tensor2D;

/**
 * Pairwise δ(aᵢ, bⱼ) = ‖aᵢ − bⱼ‖_α^α for a [B, n], b [M, n] → [B, M]. For α = 2 one matMul of augmented
 * factors [a, ‖a‖², 1]·[−2bᵀ; 1; ‖b‖²ᵀ] after centring both on mean(a) (float32 cancellation: entries are
 * exact to ≈ 1e-7·(‖a − ā‖² + ‖b − ā‖²)).
 * Call inside tf.tidy or a loss.
 */
export function pairwiseDelta(a: tf.Tensor2D, b: tf.Tensor2D, alpha: number): tf.Tensor2D {
  assert2D('a', a);
  assert2D('b', b, a.shape[1]);
  validateAlpha(alpha);
  if (alpha !== 2) return pairwiseLp(a, b, alpha);
  return tf.tidy(() => {
    const centre = tf.mean(a, 0, true); // translation invariance: centring avoids float32 cancellation
    const ac = tf.sub(a, centre) as tf.Tensor2D;
    const bc = tf.sub(b, centre) as tf.Tensor2D;
    const left = tf.concat([ac, sqNorms(ac), tf.ones([a.shape[0], 1])], 1) as tf.Tensor2D;
    const right = tf.concat([tf.mul(tf.transpose(bc), -2), tf.ones([1, b.shape[0]]), tf.transpose(sqNorms(bc))], 0) as tf.Tensor2D;
    return thinMatMul(left, right);
  });
}

function checkLossArgs(kind: ContrastiveLossKind, psiPos: tf.Tensor1D, psiNeg: tf.Tensor2D, layout: NegativeLayout): void {
  validateLossKind(kind);
  if (!(psiPos instanceof tf.Tensor) || psiPos.rank !== 1) throw new InputError('psiPos', psiPos instanceof tf.Tensor ? psiPos.shape : psiPos, 'a rank-1 tensor [B]');
  if (psiPos.dtype !== 'float32') throw new InputError('psiPos', psiPos.dtype, 'a float32 tensor');
  assert2D('psiNeg', psiNeg);
  const b = psiPos.shape[0];
  if (psiNeg.shape[0] !== b) throw new InputError('psiNeg', psiNeg.shape, `${b} rows (one per positive pair)`);
  if (layout !== 'separate' && layout !== 'diagonal') throw new InputError('layout', layout, "'separate' or 'diagonal'");
  if (layout === 'diagonal' && (psiNeg.shape[1] !== b || b < 2)) throw new InputError('psiNeg', psiNeg.shape, `a square [${b}, ${b}] matrix with B ≥ 2 (layout 'diagonal')`);
}

/**
 * The loss `kind` by tfjs autodiff of its textbook formula (module doc): the reference that the fast op
 * `contrastiveLoss` is tested against. Same arguments and value.
 */
export function contrastiveLossReference(kind: ContrastiveLossKind, psiPos: tf.Tensor1D, psiNeg: tf.Tensor2D, layout: NegativeLayout = 'separate'): tf.Scalar {
  checkLossArgs(kind, psiPos, psiNeg, layout);
  const b = psiPos.shape[0];
  return tf.tidy(() => {
    if (kind === 'infonce') {
      const lse = layout === 'diagonal' ? tf.logSumExp(psiNeg, 1) : tf.logSumExp(tf.concat([tf.reshape(psiPos, [b, 1]), psiNeg], 1), 1);
      return tf.mean(tf.sub(lse, psiPos)) as tf.Scalar;
    }
    const negMean = (f: (t: tf.Tensor) => tf.Tensor): tf.Scalar =>
      layout === 'separate' ? (tf.mean(f(psiNeg)) as tf.Scalar) : (tf.div(tf.sub(tf.sum(f(psiNeg)), tf.sum(f(psiPos))), b * (b - 1)) as tf.Scalar);
    switch (kind) {
      case 'nce':
        return tf.add(tf.mean(tf.softplus(tf.neg(psiPos))), negMean((t) => tf.softplus(t))) as tf.Scalar;
      case 'scl':
        return tf.add(tf.mul(tf.mean(tf.exp(psiPos)), -2), negMean((t) => tf.exp(tf.mul(t, 2)))) as tf.Scalar;
      case 'nwj':
        return tf.add(tf.neg(tf.mean(psiPos)), negMean((t) => tf.exp(tf.sub(t, 1)))) as tf.Scalar;
    }
  });
}

/** Row-wise max as [B, 1]. */
const rowMax = (t: tf.Tensor2D) => tf.max(t, 1, true) as tf.Tensor2D;

/**
 * The loss `kind` from critic values on positives ψ⁺ [B] and negatives ψ⁻ ([B, M], layout 'separate', or the
 * [B, B] matrix against the batch's positives with ψ⁺ on the diagonal, layout 'diagonal'); module doc.
 *
 * One op with a hand-written gradient G = ∂L/∂ψ⁻ (a single [B, M] expression per loss):
 *   InfoNCE: s = logsumexp_j ψ⁻ᵢⱼ = max ψ⁻ᵢ − log max softmax(ψ⁻ᵢ); L = mean softplus(s − ψ⁺) ('separate',
 *            the positive joins the sum) or mean(s − ψ⁺) ('diagonal', it is already in the row);
 *            G = softmax(ψ⁻) ⊙ σ(s − ψ⁺)/B, ∂L/∂ψ⁺ = −σ(s − ψ⁺)/B (resp. G = softmax(ψ⁻)/B, ∂L/∂ψ⁺ = −1/B).
 *   NCE: G = σ(ψ⁻)/K;  SCL: G = 2 exp(2ψ⁻)/K;  NWJ: G = exp(ψ⁻ − 1)/K, with K = B·M ('separate') or B(B − 1)
 *        ('diagonal', where the diagonal's share of the negatives' term is removed through ψ⁺).
 * Tested against `contrastiveLossReference` in value and gradient.
 */
export function contrastiveLoss(kind: ContrastiveLossKind, psiPos: tf.Tensor1D, psiNeg: tf.Tensor2D, layout: NegativeLayout = 'separate'): tf.Scalar {
  checkLossArgs(kind, psiPos, psiNeg, layout);
  const b = psiPos.shape[0];
  const diagonal = layout === 'diagonal';
  const k = diagonal ? b * (b - 1) : b * psiNeg.shape[1];
  const op = tf.customGrad<tf.Scalar>((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const pos = args[0] as tf.Tensor1D;
    const neg = args[1] as tf.Tensor2D;
    const save = args[2] as tf.GradSaveFunc;
    let value: tf.Scalar;
    if (kind === 'infonce') {
      const p = tf.softmax(neg) as tf.Tensor2D;
      const s = tf.reshape(tf.sub(rowMax(neg), tf.log(rowMax(p))), [b]);
      const margin = tf.sub(s, pos);
      value = (diagonal ? tf.mean(margin) : tf.mean(tf.softplus(margin))) as tf.Scalar;
      save([p, margin]);
    } else if (kind === 'nce') {
      const negSum = diagonal ? tf.sub(tf.sum(tf.softplus(neg)), tf.sum(tf.softplus(pos))) : tf.sum(tf.softplus(neg));
      value = tf.add(tf.mean(tf.softplus(tf.neg(pos))), tf.div(negSum, k)) as tf.Scalar;
      save([pos, neg]);
    } else if (kind === 'scl') {
      const e2 = tf.exp(tf.mul(neg, 2));
      const negSum = diagonal ? tf.sub(tf.sum(e2), tf.sum(tf.exp(tf.mul(pos, 2)))) : tf.sum(e2);
      value = tf.add(tf.mul(tf.mean(tf.exp(pos)), -2), tf.div(negSum, k)) as tf.Scalar;
      save([pos, e2]);
    } else {
      const e = tf.exp(tf.sub(neg, 1));
      const negSum = diagonal ? tf.sub(tf.sum(e), tf.sum(tf.exp(tf.sub(pos, 1)))) : tf.sum(e);
      value = tf.add(tf.neg(tf.mean(pos)), tf.div(negSum, k)) as tf.Scalar;
      save([pos, e]);
    }
    const gradFunc = (dy: tf.Scalar, saved: tf.Tensor[]): tf.Tensor[] => {
      if (kind === 'infonce') {
        const [p, margin] = saved;
        if (diagonal) return [tf.mul(tf.onesLike(margin), tf.mul(dy, -1 / b)), tf.mul(p, tf.mul(dy, 1 / b))];
        const w = tf.mul(tf.sigmoid(margin), tf.mul(dy, 1 / b)); // [B]
        return [tf.neg(w), tf.mul(p, tf.reshape(w, [b, 1]))];
      }
      const [pos, negPart] = saved;
      let gPos: tf.Tensor;
      let gNeg: tf.Tensor;
      if (kind === 'nce') {
        gPos = tf.div(tf.neg(tf.sigmoid(tf.neg(pos))), b);
        if (diagonal) gPos = tf.sub(gPos, tf.div(tf.sigmoid(pos), k));
        gNeg = tf.sigmoid(negPart);
      } else if (kind === 'scl') {
        gPos = tf.mul(tf.exp(pos), -2 / b);
        if (diagonal) gPos = tf.sub(gPos, tf.mul(tf.exp(tf.mul(pos, 2)), 2 / k));
        gNeg = tf.mul(negPart, 2);
      } else {
        gPos = tf.fill([b], -1 / b);
        if (diagonal) gPos = tf.sub(gPos, tf.div(tf.exp(tf.sub(pos, 1)), k));
        gNeg = negPart;
      }
      return [tf.mul(gPos, dy), tf.mul(gNeg, tf.div(dy, k))];
    };
    return { value, gradFunc };
  });
  return op(psiPos, psiNeg);
}

/** Everything the critic needs on one batch (encoded rows and optional correction terms). */
export interface CriticInputs {
  /** f(x) of the anchors [B, n]. */
  anchors: tf.Tensor2D;
  /** f(x̃) of the positives [B, n]. */
  positives: tf.Tensor2D;
  /** f(x⁻) of the negatives [M, n] (layout 'separate'); omit for in-batch negatives (layout 'diagonal'). */
  negatives?: tf.Tensor2D;
  /** c₁ at the anchors [B]. */
  c1?: tf.Tensor1D;
  /** c₂ at the positives [B]. */
  c2Pos?: tf.Tensor1D;
  /** c₂ at the negatives [M] (layout 'separate'). */
  c2Neg?: tf.Tensor1D;
  /** Scalar offset b. */
  bias?: tf.Scalar | number;
}

/**
 * Critic values ψ⁺ [B] and ψ⁻ [B, M] (or [B, B] against the positives when `negatives` is omitted, layout
 * 'diagonal'), for δ = ‖·‖_α^α and temperature τ (module doc). Call inside tf.tidy or a loss.
 */
export function criticValues(inputs: CriticInputs, alpha: number, tau: number): { psiPos: tf.Tensor1D; psiNeg: tf.Tensor2D; layout: NegativeLayout } {
  if (typeof tau !== 'number' || !(tau > 0) || !Number.isFinite(tau)) throw new InputError('tau', tau, 'a finite temperature > 0');
  validateAlpha(alpha);
  const { anchors, positives, negatives } = inputs;
  assert2D('anchors', anchors);
  const [bRows, n] = anchors.shape;
  assert2D('positives', positives, n);
  if (positives.shape[0] !== bRows) throw new InputError('positives', positives.shape, `${bRows} rows like anchors`);
  if (negatives !== undefined) assert2D('negatives', negatives, n);
  const layout: NegativeLayout = negatives === undefined ? 'diagonal' : 'separate';
  const others = negatives ?? positives;
  const m = others.shape[0];
  if (inputs.c1) assert1D('c1', inputs.c1, bRows);
  if (inputs.c2Pos) assert1D('c2Pos', inputs.c2Pos, bRows);
  if (inputs.c2Neg) assert1D('c2Neg', inputs.c2Neg, m);
  if (layout === 'separate' && (inputs.c2Pos === undefined) !== (inputs.c2Neg === undefined))
    throw new InputError('c2Neg', inputs.c2Neg, 'c₂ at the negatives exactly when c₂ at the positives is given');
  const bias = inputs.bias;
  if (bias !== undefined && !(typeof bias === 'number' ? Number.isFinite(bias) : bias instanceof tf.Tensor && bias.rank === 0))
    throw new InputError('bias', bias, 'a finite number or a scalar tensor');
  const c2Others = layout === 'diagonal' ? inputs.c2Pos : inputs.c2Neg;
  return tf.tidy(() => {
    // Row and column offsets of ψ⁻: r = c₁ + b at the anchors, c = c₂ at the other side.
    let r: tf.Tensor | null = inputs.c1 ?? null;
    if (bias !== undefined) r = tf.add(r ?? tf.zeros([bRows]), bias);
    const c = c2Others ?? null;
    let psiPos = tf.div(rowDelta(anchors, positives, alpha), -tau) as tf.Tensor1D;
    if (r !== null) psiPos = tf.add(psiPos, r);
    if (inputs.c2Pos) psiPos = tf.add(psiPos, inputs.c2Pos);
    let psiNeg: tf.Tensor2D;
    if (alpha === 2) {
      // δ is translation invariant: centre both sides on the anchors' mean first, so the expansion
      // ‖a‖² + ‖b‖² − 2aᵀb does not cancel catastrophically in float32 when f has a large offset.
      const centre = tf.mean(anchors, 0, true);
      const ac = tf.sub(anchors, centre) as tf.Tensor2D;
      const oc = tf.sub(others, centre) as tf.Tensor2D;
      const leftCols: tf.Tensor[] = [ac, sqNorms(ac), tf.ones([bRows, 1])];
      const rightRows: tf.Tensor[] = [tf.mul(tf.transpose(oc), 2 / tau), tf.fill([1, m], -1 / tau)];
      const otherNorm = tf.reshape(tf.div(sqNorms(oc), -tau), [1, m]);
      rightRows.push(c === null ? otherNorm : tf.add(otherNorm, tf.reshape(c, [1, m])));
      if (r !== null) {
        leftCols.push(tf.reshape(r, [bRows, 1]));
        rightRows.push(tf.ones([1, m]));
      }
      psiNeg = thinMatMul(tf.concat(leftCols, 1) as tf.Tensor2D, tf.concat(rightRows, 0) as tf.Tensor2D);
    } else {
      psiNeg = tf.mul(pairwiseLp(anchors, others, alpha), -1 / tau) as tf.Tensor2D;
      if (r !== null || c !== null) {
        const left = tf.concat([r === null ? tf.zeros([bRows, 1]) : tf.reshape(r, [bRows, 1]), tf.ones([bRows, 1])], 1) as tf.Tensor2D;
        const right = tf.concat([tf.ones([1, m]), c === null ? tf.zeros([1, m]) : tf.reshape(c, [1, m])], 0) as tf.Tensor2D;
        psiNeg = tf.add(psiNeg, thinMatMul(left, right));
      }
    }
    return { psiPos, psiNeg, layout };
  });
}
