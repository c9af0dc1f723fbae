import type { Heap } from './heap';
import type { Kernels } from './kernels';

/** Plain typed-array kernels: used when the wasm build is missing and as the test oracle. */
export function createJsKernels(heap: Heap): Kernels {
  const f = heap.f32;
  const u = heap.u32;
  return {
    name: 'js',
    gatherRows(src, idx, count, width, dst) {
      for (let r = 0; r < count; r++) {
        const from = src + u[idx + r] * width;
        f.copyWithin(dst + r * width, from, from + width);
      }
    },
    denseForward(a, w, b, z, rows, nIn, nOut) {
      for (let i = 0; i < rows; i++) {
        const zr = z + i * nOut;
        const ar = a + i * nIn;
        for (let j = 0; j < nOut; j++) f[zr + j] = b !== 0 ? f[b + j] : 0;
        for (let k = 0; k < nIn; k++) {
          const s = f[ar + k];
          const wr = w + k * nOut;
          for (let j = 0; j < nOut; j++) f[zr + j] += s * f[wr + j];
        }
      }
    },
    denseGradWeights(a, dz, dw, db, rows, nIn, nOut) {
      f.fill(0, dw, dw + nIn * nOut);
      for (let i = 0; i < rows; i++) {
        const ar = a + i * nIn;
        const dr = dz + i * nOut;
        for (let k = 0; k < nIn; k++) {
          const s = f[ar + k];
          const wr = dw + k * nOut;
          for (let j = 0; j < nOut; j++) f[wr + j] += s * f[dr + j];
        }
      }
      if (db !== 0) {
        f.fill(0, db, db + nOut);
        for (let i = 0; i < rows; i++) for (let j = 0; j < nOut; j++) f[db + j] += f[dz + i * nOut + j];
      }
    },
    denseGradInput(dz, wt, da, rows, nIn, nOut) {
      for (let i = 0; i < rows; i++) {
        const ar = da + i * nIn;
        const dr = dz + i * nOut;
        f.fill(0, ar, ar + nIn);
        for (let j = 0; j < nOut; j++) {
          const s = f[dr + j];
          const wr = wt + j * nIn;
          for (let k = 0; k < nIn; k++) f[ar + k] += s * f[wr + k];
        }
      }
    },
    transpose(src, dst, rows, cols) {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) f[dst + c * rows + r] = f[src + r * cols + c];
    },
    reluForward(z, y, n) {
      for (let i = 0; i < n; i++) {
        const v = f[z + i];
        f[y + i] = v > 0 ? v : 0;
      }
    },
    reluBackward(z, g, n) {
      for (let i = 0; i < n; i++) if (!(f[z + i] > 0)) f[g + i] = 0;
    },
    adamUpdate(p, g, m, v, n, lr, b1, b2, eps, oneMinusAccB1, oneMinusAccB2) {
      for (let i = 0; i < n; i++) {
        const gi = f[g + i];
        const mi = (f[m + i] = f[m + i] * b1 + gi * (1 - b1));
        const vi = (f[v + i] = f[v + i] * b2 + gi * gi * (1 - b2));
        f[p + i] += (-lr * (mi / oneMinusAccB1)) / (Math.sqrt(vi / oneMinusAccB2) + eps);
      }
    },
  };
}
