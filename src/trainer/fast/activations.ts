/**
 * Elementwise activations with the exact forward and gradient formulas of tfjs-core 4.22
 * (the gradient uses x or y the way each tfjs kernel does, so rounding matches too).
 * Everything works in place on float ranges of one heap.
 */
import type { Activation } from '../../shared/spec';
import type { Kernels } from './kernels';

/** tfjs `SELU_SCALE` / `SELU_SCALEALPHA` (ops/selu_util). */
const SELU_SCALE = 1.0507009873554804934193349852946;
const SELU_SCALEALPHA = 1.7580993408473768599402175208123;
/** tfjs softplus switches to exp(x) or x beyond log(f32 epsilon) + 2 for stability. */
const SOFTPLUS_THRESHOLD = Math.log(1.1920928955078125e-7) + 2.0;

/** Activations whose gradient needs the pre-activation z (the others use the output y). */
export function needsPreActivation(act: Activation): boolean {
  return act === 'relu' || act === 'selu' || act === 'softplus';
}

/** y = act(z) for `rows` rows of `cols`; for `linear` the caller aliases y to z. */
export function activationForward(act: Activation, f: Float32Array, k: Kernels, z: number, y: number, rows: number, cols: number): void {
  const n = rows * cols;
  switch (act) {
    case 'linear':
      if (y !== z) f.copyWithin(y, z, z + n);
      return;
    case 'relu':
      k.reluForward(z, y, n);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) f[y + i] = 1 / (1 + Math.exp(-f[z + i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) f[y + i] = Math.tanh(f[z + i]);
      return;
    case 'elu':
      for (let i = 0; i < n; i++) {
        const v = f[z + i];
        f[y + i] = v >= 0 ? v : Math.exp(v) - 1;
      }
      return;
    case 'selu':
      for (let i = 0; i < n; i++) {
        const v = f[z + i];
        f[y + i] = v > 0 ? SELU_SCALE * v : SELU_SCALEALPHA * (Math.exp(v) - 1);
      }
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) {
        const v = f[z + i];
        f[y + i] = v > -SOFTPLUS_THRESHOLD ? v : v < SOFTPLUS_THRESHOLD ? Math.exp(v) : Math.log1p(Math.exp(v));
      }
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const zr = z + r * cols;
        const yr = y + r * cols;
        let max = -Infinity;
        for (let j = 0; j < cols; j++) if (f[zr + j] > max) max = f[zr + j];
        let sum = 0;
        for (let j = 0; j < cols; j++) sum += f[yr + j] = Math.exp(f[zr + j] - max);
        for (let j = 0; j < cols; j++) f[yr + j] /= sum;
      }
      return;
  }
}

/** g ← dL/dz from g = dL/dy, in place. */
export function activationBackward(act: Activation, f: Float32Array, k: Kernels, z: number, y: number, g: number, rows: number, cols: number): void {
  const n = rows * cols;
  switch (act) {
    case 'linear':
      return;
    case 'relu':
      k.reluBackward(z, g, n);
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = f[y + i];
        f[g + i] *= v * (1 - v);
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) {
        const v = f[y + i];
        f[g + i] *= 1 - v * v;
      }
      return;
    case 'elu':
      for (let i = 0; i < n; i++) {
        const v = f[y + i];
        if (!(v >= 0)) f[g + i] *= v + 1;
      }
      return;
    case 'selu':
      for (let i = 0; i < n; i++) {
        const v = f[z + i];
        f[g + i] *= v > 0 ? SELU_SCALE : SELU_SCALEALPHA * Math.exp(v);
      }
      return;
    case 'softplus':
      for (let i = 0; i < n; i++) f[g + i] *= 1 / (1 + Math.exp(-f[z + i]));
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) {
        const gr = g + r * cols;
        const yr = y + r * cols;
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += f[gr + j] * f[yr + j];
        for (let j = 0; j < cols; j++) f[gr + j] = f[yr + j] * (f[gr + j] - dot);
      }
      return;
  }
}
