/**
 * Adam with its moments in one flat buffer: the same arithmetic as `tf.train.adam`, in fewer kernels.
 *
 * tfjs's AdamOptimizer updates each variable separately: 14 kernels per variable plus 4 per step, 116
 * for the 8 variables of a 4-layer MLP, each kernel a few µs of wasm work and a few µs of JS around it
 * (bench/step-breakdown.ts: Adam was 28 % of a step at H = 64, B = 256). Here the gradients of the
 * small variables (≤ FLAT_ADAM_MAX_SIZE elements) are concatenated into one vector, the moment update
 * runs once over it, and each variable receives its slice of the step: for that MLP 8 reshapes + 1 concat
 * + 13 + 3 per variable + 4 kernels, 50 instead of 116. Larger variables keep tfjs's per-variable update.
 *
 * Bitwise the same as `tf.train.adam(learningRate)` (β₁ 0.9, β₂ 0.999, ε = the backend's epsilon): every
 * op is elementwise, the same ops run in the same order on the same float32 values with the same
 * scalar constants, so each element's result is identical; only the layout differs. A step in which
 * some trainable variable gets no gradient takes tfjs's per-variable path (that variable's moments and
 * value stay as they are), on slices of the flat moments.
 */
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../core/errors.ts';

/** The optimiser interface `train` uses (a subset of `tf.Optimizer`). */
export interface StepOptimizer {
  /** One step: gradients of `f` with respect to the trainable variables of `varList`, then the update. Returns the loss when `returnCost`. */
  minimize(f: () => tf.Scalar, returnCost: boolean, varList: tf.Variable[]): tf.Scalar | null;
  /** Free the optimiser's state (moments, β powers). */
  dispose(): void;
}

/** flatAdam's optimiser: `minimize`, and its update alone for gradients computed elsewhere. */
export interface FlatAdam extends StepOptimizer {
  /** The update of one step from `grads` (by variable name, as `tf.variableGrads` returns them); does not dispose them. */
  applyGradients(grads: tf.NamedTensorMap, varList: tf.Variable[]): void;
}

/**
 * Variables larger than this (elements) keep moments of their own and are updated as tfjs does it. The
 * wasm Slice kernel copies its whole input (`readSync`) before taking the slice, so cutting k slices out of
 * a flat buffer of n floats moves k·n floats (measured: 8 slices of a 137k-float buffer, 3.3 ms a step at
 * H = 256); large variables gain nothing from sharing a buffer anyway (their update is arithmetic, not
 * kernel launches).
 */
export const FLAT_ADAM_MAX_SIZE = 8192;

interface Slot {
  variable: tf.Variable;
  /** Offset in the shared buffer; -1 for a variable with its own moments. */
  offset: number;
  size: number;
  own: { m: tf.Variable; v: tf.Variable } | null;
}

/**
 * Flat-moment Adam (module doc). Throws `InputError('learningRate', …)` for a non-positive or
 * non-finite rate. The variable list is fixed by the first `minimize` call; a later call with other
 * trainable variables throws `InputError('varList', …)`.
 */
export function flatAdam(learningRate: number, beta1 = 0.9, beta2 = 0.999): FlatAdam {
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0)
    throw new InputError('learningRate', learningRate, 'a finite number > 0');
  const epsilon = tf.backend().epsilon();
  const accBeta1 = tf.tidy(() => tf.scalar(beta1).variable(false));
  const accBeta2 = tf.tidy(() => tf.scalar(beta2).variable(false));
  let slots: Slot[] | null = null;
  /** The shared moments of the small variables (null when there are none). */
  let m: tf.Variable | null = null;
  let v: tf.Variable | null = null;
  const zeros = (shape: number[]) => tf.tidy(() => tf.zeros(shape).variable(false));

  const layout = (varList: tf.Variable[]): Slot[] => {
    const trainable = varList.filter((x) => x.trainable);
    if (slots === null) {
      let offset = 0;
      slots = trainable.map((variable) => {
        if (variable.size > FLAT_ADAM_MAX_SIZE) return { variable, offset: -1, size: variable.size, own: { m: zeros(variable.shape), v: zeros(variable.shape) } };
        const s = { variable, offset, size: variable.size, own: null };
        offset += variable.size;
        return s;
      });
      if (offset > 0) {
        m = zeros([offset]);
        v = zeros([offset]);
      }
    } else if (trainable.length !== slots.length || trainable.some((x, i) => x !== slots![i].variable))
      throw new InputError('varList', trainable.map((x) => x.name), `the trainable variables of the first step (${slots.map((s) => s.variable.name).join(', ')})`);
    return slots;
  };

  /** The Adam moment update and step direction of tfjs's AdamOptimizer, on matching tensors. */
  const update = (mOld: tf.Tensor, vOld: tf.Tensor, g: tf.Tensor, oneMinusAccBeta1: tf.Tensor, oneMinusAccBeta2: tf.Tensor) => {
    const newM = tf.add(tf.mul(mOld, beta1), tf.mul(g, 1 - beta1));
    const newV = tf.add(tf.mul(vOld, beta2), tf.mul(tf.square(g), 1 - beta2));
    const mHat = tf.div(newM, oneMinusAccBeta1);
    const vHat = tf.div(newV, oneMinusAccBeta2);
    const step = tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), epsilon)), -learningRate);
    return { newM, newV, step };
  };

  const apply = (all: Slot[], grads: tf.NamedTensorMap) => {
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, accBeta2);
      // Variables with moments of their own: tfjs's update (skipped without a gradient, as tfjs does).
      for (const x of all) {
        const g = grads[x.variable.name];
        if (!x.own || g == null) continue;
        const { newM, newV, step } = update(x.own.m, x.own.v, g, oneMinusAccBeta1, oneMinusAccBeta2);
        x.own.m.assign(newM);
        x.own.v.assign(newV);
        x.variable.assign(tf.add(step, x.variable));
      }
      const s = all.filter((x) => !x.own);
      if (s.length > 0 && s.every((x) => grads[x.variable.name] != null)) {
        const g = s.length === 1 ? tf.reshape(grads[s[0].variable.name], [-1]) : tf.concat(s.map((x) => tf.reshape(grads[x.variable.name], [-1])));
        const { newM, newV, step } = update(m!, v!, g, oneMinusAccBeta1, oneMinusAccBeta2);
        m!.assign(newM);
        v!.assign(newV);
        for (const x of s) x.variable.assign(tf.add(tf.reshape(tf.slice(step, [x.offset], [x.size]), x.variable.shape), x.variable));
      } else if (s.length > 0) {
        // Some small variable has no gradient this step: tfjs skips it (moments and value unchanged).
        const ms: tf.Tensor[] = [];
        const vs: tf.Tensor[] = [];
        for (const x of s) {
          const mi = tf.slice(m!, [x.offset], [x.size]);
          const vi = tf.slice(v!, [x.offset], [x.size]);
          const gi = grads[x.variable.name];
          if (gi == null) {
            ms.push(mi);
            vs.push(vi);
            continue;
          }
          const { newM, newV, step } = update(mi, vi, tf.reshape(gi, [-1]), oneMinusAccBeta1, oneMinusAccBeta2);
          ms.push(newM);
          vs.push(newV);
          x.variable.assign(tf.add(tf.reshape(step, x.variable.shape), x.variable));
        }
        m!.assign(tf.concat(ms));
        v!.assign(tf.concat(vs));
      }
      accBeta1.assign(tf.mul(accBeta1, beta1));
      accBeta2.assign(tf.mul(accBeta2, beta2));
    });
  };

  return {
    applyGradients(grads, varList) {
      apply(layout(varList), grads);
    },
    minimize(f, returnCost, varList) {
      const { value, grads } = tf.variableGrads(f, varList);
      try {
        apply(layout(varList), grads);
      } finally {
        tf.dispose(grads);
      }
      if (returnCost) return value;
      value.dispose();
      return null;
    },
    dispose() {
      tf.dispose([accBeta1, accBeta2]);
      if (m) m.dispose();
      if (v) v.dispose();
      for (const x of slots ?? []) if (x.own) tf.dispose([x.own.m, x.own.v]);
    },
  };
}
