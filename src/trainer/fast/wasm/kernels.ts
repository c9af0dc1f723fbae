/* eslint-disable @typescript-eslint/ban-ts-comment -- AssemblyScript source: tsc must skip it (see next line). */
// @ts-nocheck -- AssemblyScript (v128, load<T>, usize), compiled by scripts/build-wasm.mjs, not by tsc.
// Dense-layer kernels over one imported linear memory. All pointers are byte offsets, every
// matrix is row-major f32 and 16-byte aligned. The JS side owns the layout; nothing here allocates.
// The inner loops keep 4 f32x4 accumulators (16 columns) in registers because per-op overhead,
// not arithmetic, is what dominates batch-200 MLP training.

/** Copies `count` rows of `width` floats from `src`, picking the rows listed (u32) at `idx`. */
export function gatherRows(src: usize, idx: usize, count: i32, width: i32, dst: usize): void {
  const rowBytes = (<usize>width) << 2;
  for (let r = 0; r < count; r++) {
    const row = <usize>load<u32>(idx + ((<usize>r) << 2));
    memory.copy(dst + <usize>r * rowBytes, src + row * rowBytes, rowBytes);
  }
}

/**
 * z[rows×nOut] = a[rows×nIn] · w[nIn×nOut] (+ b when b ≠ 0). Column blocks of 16 are the outer
 * loop so a block's slab of w (nIn × 64 bytes) stays in L1 across all rows; two rows at a time
 * share each w load.
 */
export function denseForward(a: usize, w: usize, b: usize, z: usize, rows: i32, nIn: i32, nOut: i32): void {
  if (nOut == 1) {
    forwardSingleOutput(a, w, b, z, rows, nIn);
    return;
  }
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 16 <= nOut; j += 16) {
    const jb = (<usize>j) << 2;
    let b0 = zero, b1 = zero, b2 = zero, b3 = zero;
    if (b != 0) {
      b0 = v128.load(b + jb); b1 = v128.load(b + jb + 16); b2 = v128.load(b + jb + 32); b3 = v128.load(b + jb + 48);
    }
    let i = 0;
    for (; i + 2 <= rows; i += 2) {
      const a0 = a + <usize>i * inBytes;
      const a1 = a0 + inBytes;
      let p0 = b0, p1 = b1, p2 = b2, p3 = b3;
      let q0 = b0, q1 = b1, q2 = b2, q3 = b3;
      let wp = w + jb;
      for (let k = 0; k < nIn; k++) {
        const kb = (<usize>k) << 2;
        const s0 = f32x4.splat(load<f32>(a0 + kb));
        const s1 = f32x4.splat(load<f32>(a1 + kb));
        const w0 = v128.load(wp), w1 = v128.load(wp + 16), w2 = v128.load(wp + 32), w3 = v128.load(wp + 48);
        p0 = f32x4.add(p0, f32x4.mul(s0, w0)); p1 = f32x4.add(p1, f32x4.mul(s0, w1));
        p2 = f32x4.add(p2, f32x4.mul(s0, w2)); p3 = f32x4.add(p3, f32x4.mul(s0, w3));
        q0 = f32x4.add(q0, f32x4.mul(s1, w0)); q1 = f32x4.add(q1, f32x4.mul(s1, w1));
        q2 = f32x4.add(q2, f32x4.mul(s1, w2)); q3 = f32x4.add(q3, f32x4.mul(s1, w3));
        wp += outBytes;
      }
      const z0 = z + <usize>i * outBytes + jb;
      const z1 = z0 + outBytes;
      v128.store(z0, p0); v128.store(z0 + 16, p1); v128.store(z0 + 32, p2); v128.store(z0 + 48, p3);
      v128.store(z1, q0); v128.store(z1 + 16, q1); v128.store(z1 + 32, q2); v128.store(z1 + 48, q3);
    }
    if (i < rows) {
      const a0 = a + <usize>i * inBytes;
      let p0 = b0, p1 = b1, p2 = b2, p3 = b3;
      let wp = w + jb;
      for (let k = 0; k < nIn; k++) {
        const s0 = f32x4.splat(load<f32>(a0 + ((<usize>k) << 2)));
        p0 = f32x4.add(p0, f32x4.mul(s0, v128.load(wp))); p1 = f32x4.add(p1, f32x4.mul(s0, v128.load(wp + 16)));
        p2 = f32x4.add(p2, f32x4.mul(s0, v128.load(wp + 32))); p3 = f32x4.add(p3, f32x4.mul(s0, v128.load(wp + 48)));
        wp += outBytes;
      }
      const z0 = z + <usize>i * outBytes + jb;
      v128.store(z0, p0); v128.store(z0 + 16, p1); v128.store(z0 + 32, p2); v128.store(z0 + 48, p3);
    }
  }
  for (; j + 4 <= nOut; j += 4) {
    const jb = (<usize>j) << 2;
    const bias = b != 0 ? v128.load(b + jb) : zero;
    for (let i = 0; i < rows; i++) {
      const arow = a + <usize>i * inBytes;
      let p = bias;
      let wp = w + jb;
      for (let k = 0; k < nIn; k++) {
        p = f32x4.add(p, f32x4.mul(f32x4.splat(load<f32>(arow + ((<usize>k) << 2))), v128.load(wp)));
        wp += outBytes;
      }
      v128.store(z + <usize>i * outBytes + jb, p);
    }
  }
  for (; j < nOut; j++) {
    const jb = (<usize>j) << 2;
    const bias: f32 = b != 0 ? load<f32>(b + jb) : 0;
    for (let i = 0; i < rows; i++) {
      const arow = a + <usize>i * inBytes;
      let acc = bias;
      let wp = w + jb;
      for (let k = 0; k < nIn; k++) {
        acc += load<f32>(arow + ((<usize>k) << 2)) * load<f32>(wp);
        wp += outBytes;
      }
      store<f32>(z + <usize>i * outBytes + jb, acc);
    }
  }
}

/** One output unit (binary/regression heads): w is then a contiguous column, so lanes run along nIn. */
function forwardSingleOutput(a: usize, w: usize, b: usize, z: usize, rows: i32, nIn: i32): void {
  const inBytes = (<usize>nIn) << 2;
  const bias: f32 = b != 0 ? load<f32>(b) : 0;
  for (let i = 0; i < rows; i++) {
    const arow = a + <usize>i * inBytes;
    store<f32>(z + ((<usize>i) << 2), bias + dot(arow, w, nIn));
  }
}

/** Σ x[k]·y[k] over n floats, four lanes at a time. */
function dot(x: usize, y: usize, n: i32): f32 {
  let p = f32x4.splat(0);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const kb = (<usize>k) << 2;
    p = f32x4.add(p, f32x4.mul(v128.load(x + kb), v128.load(y + kb)));
  }
  let acc: f32 = f32x4.extract_lane(p, 0) + f32x4.extract_lane(p, 1) + f32x4.extract_lane(p, 2) + f32x4.extract_lane(p, 3);
  for (; k < n; k++) acc += load<f32>(x + ((<usize>k) << 2)) * load<f32>(y + ((<usize>k) << 2));
  return acc;
}

/** dw[nIn×nOut] = aᵀ · dz, and db[nOut] = column sums of dz when db ≠ 0 (both overwritten). */
export function denseGradWeights(a: usize, dz: usize, dw: usize, db: usize, rows: i32, nIn: i32, nOut: i32): void {
  if (nOut == 1) {
    gradWeightsSingleOutput(a, dz, dw, db, rows, nIn);
    return;
  }
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  let k = 0;
  // Two input features at a time share each dz load.
  for (; k + 2 <= nIn; k += 2) {
    const kb = (<usize>k) << 2;
    const dw0 = dw + <usize>k * outBytes;
    const dw1 = dw0 + outBytes;
    let j = 0;
    for (; j + 16 <= nOut; j += 16) {
      const jb = (<usize>j) << 2;
      let p0 = zero, p1 = zero, p2 = zero, p3 = zero, q0 = zero, q1 = zero, q2 = zero, q3 = zero;
      let ap = a + kb;
      let dp = dz + jb;
      for (let i = 0; i < rows; i++) {
        const s0 = f32x4.splat(load<f32>(ap));
        const s1 = f32x4.splat(load<f32>(ap + 4));
        const d0 = v128.load(dp), d1 = v128.load(dp + 16), d2 = v128.load(dp + 32), d3 = v128.load(dp + 48);
        p0 = f32x4.add(p0, f32x4.mul(s0, d0)); p1 = f32x4.add(p1, f32x4.mul(s0, d1));
        p2 = f32x4.add(p2, f32x4.mul(s0, d2)); p3 = f32x4.add(p3, f32x4.mul(s0, d3));
        q0 = f32x4.add(q0, f32x4.mul(s1, d0)); q1 = f32x4.add(q1, f32x4.mul(s1, d1));
        q2 = f32x4.add(q2, f32x4.mul(s1, d2)); q3 = f32x4.add(q3, f32x4.mul(s1, d3));
        ap += inBytes;
        dp += outBytes;
      }
      v128.store(dw0 + jb, p0); v128.store(dw0 + jb + 16, p1); v128.store(dw0 + jb + 32, p2); v128.store(dw0 + jb + 48, p3);
      v128.store(dw1 + jb, q0); v128.store(dw1 + jb + 16, q1); v128.store(dw1 + jb + 32, q2); v128.store(dw1 + jb + 48, q3);
    }
    gradWeightsTail(a + kb, dz, dw0, rows, inBytes, nOut, j);
    gradWeightsTail(a + kb + 4, dz, dw1, rows, inBytes, nOut, j);
  }
  if (k < nIn) gradWeightsTail(a + ((<usize>k) << 2), dz, dw + <usize>k * outBytes, rows, inBytes, nOut, 0);
  if (db != 0) columnSums(dz, db, rows, nOut);
}

/** One output unit: dw[k] = Σ_i a[i,k]·dz[i], lanes along nIn (rows of a are contiguous). */
function gradWeightsSingleOutput(a: usize, dz: usize, dw: usize, db: usize, rows: i32, nIn: i32): void {
  const inBytes = (<usize>nIn) << 2;
  memory.fill(dw, 0, inBytes);
  let bias: f32 = 0;
  for (let i = 0; i < rows; i++) {
    const g = load<f32>(dz + ((<usize>i) << 2));
    bias += g;
    const s = f32x4.splat(g);
    const arow = a + <usize>i * inBytes;
    let k = 0;
    for (; k + 4 <= nIn; k += 4) {
      const kb = (<usize>k) << 2;
      v128.store(dw + kb, f32x4.add(v128.load(dw + kb), f32x4.mul(s, v128.load(arow + kb))));
    }
    for (; k < nIn; k++) {
      const kb = (<usize>k) << 2;
      store<f32>(dw + kb, load<f32>(dw + kb) + g * load<f32>(arow + kb));
    }
  }
  if (db != 0) store<f32>(db, bias);
}

/** One row of dw (input feature at `acol`, stride `inBytes`) from column `j0` on. */
function gradWeightsTail(acol: usize, dz: usize, dwrow: usize, rows: i32, inBytes: usize, nOut: i32, j0: i32): void {
  const outBytes = (<usize>nOut) << 2;
  let j = j0;
  for (; j + 4 <= nOut; j += 4) {
    const jb = (<usize>j) << 2;
    let p = f32x4.splat(0);
    let ap = acol;
    let dp = dz + jb;
    for (let i = 0; i < rows; i++) {
      p = f32x4.add(p, f32x4.mul(f32x4.splat(load<f32>(ap)), v128.load(dp)));
      ap += inBytes;
      dp += outBytes;
    }
    v128.store(dwrow + jb, p);
  }
  for (; j < nOut; j++) {
    const jb = (<usize>j) << 2;
    let acc: f32 = 0;
    let ap = acol;
    let dp = dz + jb;
    for (let i = 0; i < rows; i++) {
      acc += load<f32>(ap) * load<f32>(dp);
      ap += inBytes;
      dp += outBytes;
    }
    store<f32>(dwrow + jb, acc);
  }
}

/** out[cols] = Σ_rows m[rows×cols]. */
function columnSums(m: usize, out: usize, rows: i32, cols: i32): void {
  const colBytes = (<usize>cols) << 2;
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const jb = (<usize>j) << 2;
    let p = f32x4.splat(0);
    let mp = m + jb;
    for (let i = 0; i < rows; i++) {
      p = f32x4.add(p, v128.load(mp));
      mp += colBytes;
    }
    v128.store(out + jb, p);
  }
  for (; j < cols; j++) {
    const jb = (<usize>j) << 2;
    let acc: f32 = 0;
    let mp = m + jb;
    for (let i = 0; i < rows; i++) {
      acc += load<f32>(mp);
      mp += colBytes;
    }
    store<f32>(out + jb, acc);
  }
}

/**
 * da[rows×nIn] = dz[rows×nOut] · wᵀ, reading the transposed kernel wt[nOut×nIn] so lanes run
 * along nIn. Blocks of 16 input columns are the outer loop so their wt slab stays in L1.
 */
export function denseGradInput(dz: usize, wt: usize, da: usize, rows: i32, nIn: i32, nOut: i32): void {
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  let k = 0;
  for (; k + 16 <= nIn; k += 16) {
    const kb = (<usize>k) << 2;
    for (let i = 0; i < rows; i++) {
      const drow = dz + <usize>i * outBytes;
      let p0 = zero, p1 = zero, p2 = zero, p3 = zero;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        const s = f32x4.splat(load<f32>(drow + ((<usize>j) << 2)));
        p0 = f32x4.add(p0, f32x4.mul(s, v128.load(wp))); p1 = f32x4.add(p1, f32x4.mul(s, v128.load(wp + 16)));
        p2 = f32x4.add(p2, f32x4.mul(s, v128.load(wp + 32))); p3 = f32x4.add(p3, f32x4.mul(s, v128.load(wp + 48)));
        wp += inBytes;
      }
      const arow = da + <usize>i * inBytes + kb;
      v128.store(arow, p0); v128.store(arow + 16, p1); v128.store(arow + 32, p2); v128.store(arow + 48, p3);
    }
  }
  for (; k + 4 <= nIn; k += 4) {
    const kb = (<usize>k) << 2;
    for (let i = 0; i < rows; i++) {
      const drow = dz + <usize>i * outBytes;
      let p = zero;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        p = f32x4.add(p, f32x4.mul(f32x4.splat(load<f32>(drow + ((<usize>j) << 2))), v128.load(wp)));
        wp += inBytes;
      }
      v128.store(da + <usize>i * inBytes + kb, p);
    }
  }
  for (; k < nIn; k++) {
    const kb = (<usize>k) << 2;
    for (let i = 0; i < rows; i++) {
      const drow = dz + <usize>i * outBytes;
      let acc: f32 = 0;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        acc += load<f32>(drow + ((<usize>j) << 2)) * load<f32>(wp);
        wp += inBytes;
      }
      store<f32>(da + <usize>i * inBytes + kb, acc);
    }
  }
}

/** dst[cols×rows] = src[rows×cols]ᵀ. */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + ((<usize>(c * rows + r)) << 2), load<f32>(src + ((<usize>(r * cols + c)) << 2)));
    }
  }
}

/** y = max(z, 0) over n floats (y may be z). */
export function reluForward(z: usize, y: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(y + o, f32x4.max(v128.load(z + o), zero));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const v = load<f32>(z + o);
    store<f32>(y + o, v > 0 ? v : 0);
  }
}

/** g = g where z > 0 else 0 (tfjs: dy · step(x)). */
export function reluBackward(z: usize, g: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    v128.store(g + o, v128.and(v128.load(g + o), f32x4.gt(v128.load(z + o), zero)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    if (!(load<f32>(z + o) > 0)) store<f32>(g + o, 0);
  }
}

/**
 * tfjs Adam over a flat parameter range: m = b1·m + (1−b1)·g; v = b2·v + (1−b2)·g²;
 * p += −lr · (m / (1 − b1^t)) / (sqrt(v / (1 − b2^t)) + eps), with b^t accumulated in f32 by the caller.
 */
export function adamUpdate(p: usize, g: usize, m: usize, v: usize, n: i32, lr: f32, b1: f32, b2: f32, eps: f32, oneMinusAccB1: f32, oneMinusAccB2: f32): void {
  const vb1 = f32x4.splat(b1), vc1 = f32x4.splat(<f32>1 - b1);
  const vb2 = f32x4.splat(b2), vc2 = f32x4.splat(<f32>1 - b2);
  const vd1 = f32x4.splat(oneMinusAccB1), vd2 = f32x4.splat(oneMinusAccB2);
  const veps = f32x4.splat(eps), vnlr = f32x4.splat(-lr);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = (<usize>i) << 2;
    const gi = v128.load(g + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), vb1), f32x4.mul(gi, vc1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), vb2), f32x4.mul(f32x4.mul(gi, gi), vc2));
    v128.store(m + o, mi);
    v128.store(v + o, vi);
    const step = f32x4.div(f32x4.div(mi, vd1), f32x4.add(f32x4.sqrt(f32x4.div(vi, vd2)), veps));
    v128.store(p + o, f32x4.add(f32x4.mul(step, vnlr), v128.load(p + o)));
  }
  for (; i < n; i++) {
    const o = (<usize>i) << 2;
    const gi = load<f32>(g + o);
    const mi = load<f32>(m + o) * b1 + gi * (<f32>1 - b1);
    const vi = load<f32>(v + o) * b2 + gi * gi * (<f32>1 - b2);
    store<f32>(m + o, mi);
    store<f32>(v + o, vi);
    const step = (mi / oneMinusAccB1) / (sqrt<f32>(vi / oneMinusAccB2) + eps);
    store<f32>(p + o, step * -lr + load<f32>(p + o));
  }
}
