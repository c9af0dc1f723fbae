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
    // Dot-product order with a local accumulator: V8 keeps it in a register, where the
    // axpy order would read-modify-write a Float32Array element per multiply-add.
    denseForward(a, w, b, z, rows, nIn, nOut) {
      for (let i = 0; i < rows; i++) {
        const ar = a + i * nIn;
        const zr = z + i * nOut;
        for (let j = 0; j < nOut; j++) {
          let acc = b !== 0 ? f[b + j] : 0;
          for (let k = 0, wk = w + j; k < nIn; k++, wk += nOut) acc += f[ar + k] * f[wk];
          f[zr + j] = acc;
        }
      }
    },
    denseGradWeights(a, dz, dw, db, rows, nIn, nOut) {
      for (let k = 0; k < nIn; k++) {
        for (let j = 0; j < nOut; j++) {
          let acc = 0;
          for (let i = 0, ai = a + k, di = dz + j; i < rows; i++, ai += nIn, di += nOut) acc += f[ai] * f[di];
          f[dw + k * nOut + j] = acc;
        }
      }
      if (db !== 0) {
        for (let j = 0; j < nOut; j++) {
          let acc = 0;
          for (let i = 0, di = dz + j; i < rows; i++, di += nOut) acc += f[di];
          f[db + j] = acc;
        }
      }
    },
    denseGradInput(dz, wt, da, rows, nIn, nOut) {
      for (let i = 0; i < rows; i++) {
        const dr = dz + i * nOut;
        const ar = da + i * nIn;
        for (let k = 0; k < nIn; k++) {
          let acc = 0;
          for (let j = 0, wj = wt + k; j < nOut; j++, wj += nIn) acc += f[dr + j] * f[wj];
          f[ar + k] = acc;
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
