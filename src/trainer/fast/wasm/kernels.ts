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

/** z[rows×nOut] = a[rows×nIn] · w[nIn×nOut] (+ b when b ≠ 0); two rows at a time share each w load. */
export function denseForward(a: usize, w: usize, b: usize, z: usize, rows: i32, nIn: i32, nOut: i32): void {
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 2 <= rows; i += 2) {
    const a0 = a + <usize>i * inBytes;
    const a1 = a0 + inBytes;
    const z0 = z + <usize>i * outBytes;
    const z1 = z0 + outBytes;
    let j = 0;
    for (; j + 16 <= nOut; j += 16) {
      const jb = (<usize>j) << 2;
      let p0 = zero, p1 = zero, p2 = zero, p3 = zero;
      if (b != 0) {
        p0 = v128.load(b + jb); p1 = v128.load(b + jb + 16); p2 = v128.load(b + jb + 32); p3 = v128.load(b + jb + 48);
      }
      let q0 = p0, q1 = p1, q2 = p2, q3 = p3;
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
      v128.store(z0 + jb, p0); v128.store(z0 + jb + 16, p1); v128.store(z0 + jb + 32, p2); v128.store(z0 + jb + 48, p3);
      v128.store(z1 + jb, q0); v128.store(z1 + jb + 16, q1); v128.store(z1 + jb + 32, q2); v128.store(z1 + jb + 48, q3);
    }
    forwardTail(a0, w, b, z0, nIn, nOut, j);
    forwardTail(a1, w, b, z1, nIn, nOut, j);
  }
  if (i < rows) {
    const a0 = a + <usize>i * inBytes;
    const z0 = z + <usize>i * outBytes;
    forwardTail(a0, w, b, z0, nIn, nOut, 0);
  }
}

/** One row of denseForward from column `j0` on: blocks of 4 columns, then single columns. */
function forwardTail(arow: usize, w: usize, b: usize, zrow: usize, nIn: i32, nOut: i32, j0: i32): void {
  const outBytes = (<usize>nOut) << 2;
  let j = j0;
  for (; j + 4 <= nOut; j += 4) {
    const jb = (<usize>j) << 2;
    let p = b != 0 ? v128.load(b + jb) : f32x4.splat(0);
    let wp = w + jb;
    for (let k = 0; k < nIn; k++) {
      p = f32x4.add(p, f32x4.mul(f32x4.splat(load<f32>(arow + ((<usize>k) << 2))), v128.load(wp)));
      wp += outBytes;
    }
    v128.store(zrow + jb, p);
  }
  for (; j < nOut; j++) {
    const jb = (<usize>j) << 2;
    let acc: f32 = b != 0 ? load<f32>(b + jb) : 0;
    let wp = w + jb;
    for (let k = 0; k < nIn; k++) {
      acc += load<f32>(arow + ((<usize>k) << 2)) * load<f32>(wp);
      wp += outBytes;
    }
    store<f32>(zrow + jb, acc);
  }
}

/** dw[nIn×nOut] = aᵀ · dz, and db[nOut] = column sums of dz when db ≠ 0 (both overwritten). */
export function denseGradWeights(a: usize, dz: usize, dw: usize, db: usize, rows: i32, nIn: i32, nOut: i32): void {
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

/** da[rows×nIn] = dz[rows×nOut] · wᵀ, reading the transposed kernel wt[nOut×nIn] so lanes run along nIn. */
export function denseGradInput(dz: usize, wt: usize, da: usize, rows: i32, nIn: i32, nOut: i32): void {
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  for (let i = 0; i < rows; i++) {
    const drow = dz + <usize>i * outBytes;
    const arow = da + <usize>i * inBytes;
    let k = 0;
    for (; k + 16 <= nIn; k += 16) {
      const kb = (<usize>k) << 2;
      let p0 = zero, p1 = zero, p2 = zero, p3 = zero;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        const s = f32x4.splat(load<f32>(drow + ((<usize>j) << 2)));
        p0 = f32x4.add(p0, f32x4.mul(s, v128.load(wp))); p1 = f32x4.add(p1, f32x4.mul(s, v128.load(wp + 16)));
        p2 = f32x4.add(p2, f32x4.mul(s, v128.load(wp + 32))); p3 = f32x4.add(p3, f32x4.mul(s, v128.load(wp + 48)));
        wp += inBytes;
      }
      v128.store(arow + kb, p0); v128.store(arow + kb + 16, p1); v128.store(arow + kb + 32, p2); v128.store(arow + kb + 48, p3);
    }
    for (; k + 4 <= nIn; k += 4) {
      const kb = (<usize>k) << 2;
      let p = zero;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        p = f32x4.add(p, f32x4.mul(f32x4.splat(load<f32>(drow + ((<usize>j) << 2))), v128.load(wp)));
        wp += inBytes;
      }
      v128.store(arow + kb, p);
    }
    for (; k < nIn; k++) {
      const kb = (<usize>k) << 2;
      let acc: f32 = 0;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        acc += load<f32>(drow + ((<usize>j) << 2)) * load<f32>(wp);
        wp += inBytes;
      }
      store<f32>(arow + kb, acc);
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
