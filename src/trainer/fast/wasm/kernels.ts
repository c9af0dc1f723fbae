/* eslint-disable @typescript-eslint/ban-ts-comment -- AssemblyScript source: tsc must skip it (see next line). */
// @ts-nocheck -- AssemblyScript (v128, load<T>, usize), compiled by scripts/build-wasm.mjs, not by tsc.
// Dense-layer kernels over one imported linear memory. All pointers are byte offsets, every
// matrix is row-major f32 and 16-byte aligned. The JS side owns the layout; nothing here allocates
// (the packing buffer is a scratch range the JS side reserves and hands over with setScratch).
//
// Two shapes of code. Small layers (the seed: ≤ 16 columns) keep 4 f32x4 accumulators (16 columns)
// over two rows, because per-op overhead, not arithmetic, dominates them. Wide layers run a packed,
// register-tiled GEMM: a 5-row × 8-column tile (10 accumulators + 2 panel vectors + 1 broadcast =
// 13 of the 15 xmm registers V8 allocates; a 6 × 8 tile needs all 15 and spilled, measured 25
// against 41 GFLOP/s) over a panel of w copied contiguous, K-blocked so the panel (KC × 8 floats =
// 8 KB) stays in L1, and A copied as [k][5] so the five broadcasts are immediate offsets from one
// pointer. The weight gradient packs aᵀ the same way, so one tile serves all three matmuls.
//
// The same source compiles twice (scripts/build-wasm.mjs): strict SIMD (mul then add, two
// roundings) and relaxed SIMD, where madd below becomes f32x4.relaxed_madd (one FMA instruction
// and one rounding where the CPU has FMA). Every sum runs over k in order in both.

/**
 * c + a·b per lane: a fused multiply-add in the relaxed build, mul then add in the strict one.
 * Binaryen -O3 inlines it (the wat has no call to it); an @inline decorator would force that,
 * but ESLint's parser rejects decorators on functions.
 */
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** 1 when this module was built with relaxed SIMD (FMA), 0 for the strict build; the loader checks it. */
export function relaxedSimd(): i32 {
  return ASC_FEATURE_RELAXED_SIMD ? 1 : 0;
}

/** The packing buffer (byte offset and size); 0 until setScratch, and the wide paths need it. */
let scratch: usize = 0;
let scratchBytes: i32 = 0;

/** Hands the kernels a private, 16-byte aligned range of memory for packed panels. */
export function setScratch(ptr: usize, bytes: i32): void {
  // Less than one K-block panel and the wide paths stay off.
  scratch = bytes >= KC * NR * 4 ? ptr : 0;
  scratchBytes = bytes;
}

/** K block of the packed GEMM: the w panel is KC × NR floats = 8 KB, a sixth of Zen's 48 KB L1. */
const KC: i32 = 256;
/** Columns per register tile (two f32x4). */
const NR: i32 = 8;
/** Below this many output columns the small-layer loops win (measured on the seed's 16 columns). */
const WIDE: i32 = 32;
/** Tile start modes: accumulators start at zero, at the bias, or at what C already holds (later K blocks). */
const FROM_ZERO: i32 = 0;
const FROM_BIAS: i32 = 1;
const FROM_C: i32 = 2;

/**
 * C[5×8] (mode) + Σ_kc A[5×kc]·P[kc×8], A packed as [k][5] (20 bytes per k) and P a packed panel
 * (32 bytes per k). Both are single streams, so the five broadcasts are immediate offsets from one
 * pointer. 10 accumulators + 2 panel vectors + 1 broadcast = 13 of V8's 15 allocatable xmm
 * registers; ten independent sums cover an FMA's 4-cycle latency at 2 per cycle with slack, where a
 * 4-row tile's 8 leave none. Sums run over k in order, as in a plain loop. No branches on the
 * tile's row count: a variant that stored only its live rows ran at half the speed (V8 then kept
 * the accumulators in memory), so short tiles go through tilePartial.
 */
function tile5x8(ap: usize, p: usize, kc: i32, c: usize, ldc: usize, mode: i32, bias: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00;
  if (mode == FROM_C) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
    c40 = v128.load(c + 4 * ldc); c41 = v128.load(c + 4 * ldc, 16);
  } else if (mode == FROM_BIAS) {
    c00 = v128.load(bias); c01 = v128.load(bias, 16);
    c10 = c00; c11 = c01; c20 = c00; c21 = c01; c30 = c00; c31 = c01; c40 = c00; c41 = c01;
  }
  const end = ap + <usize>kc * 20;
  while (ap < end) {
    const w0 = v128.load(p), w1 = v128.load(p, 16);
    let s = v128.load32_splat(ap);
    c00 = madd(s, w0, c00); c01 = madd(s, w1, c01);
    s = v128.load32_splat(ap, 4);
    c10 = madd(s, w0, c10); c11 = madd(s, w1, c11);
    s = v128.load32_splat(ap, 8);
    c20 = madd(s, w0, c20); c21 = madd(s, w1, c21);
    s = v128.load32_splat(ap, 12);
    c30 = madd(s, w0, c30); c31 = madd(s, w1, c31);
    s = v128.load32_splat(ap, 16);
    c40 = madd(s, w0, c40); c41 = madd(s, w1, c41);
    ap += 20;
    p += 32;
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
  v128.store(c + 4 * ldc, c40); v128.store(c + 4 * ldc, c41, 16);
}

/**
 * Packs 5 × kc floats as [k][5] for tile5x8: element (r, k) is at a + r·lda + k·kStep (rows of A
 * for the forward GEMM: lda = row bytes, kStep = 4; features of aᵀ: lda = 4, kStep = row bytes).
 */
function packRows5(a: usize, lda: usize, kc: i32, dst: usize, kStep: usize): void {
  for (let k = 0; k < kc; k++) {
    const s = a + <usize>k * kStep;
    store<f32>(dst, load<f32>(s));
    store<f32>(dst, load<f32>(s + lda), 4);
    store<f32>(dst, load<f32>(s + 2 * lda), 8);
    store<f32>(dst, load<f32>(s + 3 * lda), 12);
    store<f32>(dst, load<f32>(s + 4 * lda), 16);
    dst += 20;
  }
}

/** packRows5 for a last tile of live < 5 rows: the missing rows are packed as zeros. */
function packRowsPartial(a: usize, lda: usize, kc: i32, dst: usize, kStep: usize, live: i32): void {
  for (let k = 0; k < kc; k++) {
    const s = a + <usize>k * kStep;
    for (let r = 0; r < 5; r++) store<f32>(dst + ((<usize>r) << 2), r < live ? load<f32>(s + <usize>r * lda) : 0);
    dst += 20;
  }
}

/** Bytes of the 5 × 8 staging tile that tilePartial keeps in the scratch, after the panel. */
const STAGE_BYTES: i32 = 5 * NR * 4;

/**
 * tile5x8 for a last tile of live < 5 rows (A packed by packRowsPartial): runs on a 5 × 8 staging
 * copy of C in the scratch, then copies the live rows out, so nothing past C's last row is read or
 * written.
 */
function tilePartial(ap: usize, p: usize, kc: i32, c: usize, ldc: usize, mode: i32, bias: usize, live: i32): void {
  const stage = scratch + <usize>(KC * NR * 4);
  for (let r = 0; r < 5; r++) {
    const row = stage + <usize>(r * NR * 4);
    const from = c + <usize>r * ldc;
    const keep = mode == FROM_C && r < live;
    v128.store(row, keep ? v128.load(from) : f32x4.splat(0));
    v128.store(row, keep ? v128.load(from, 16) : f32x4.splat(0), 16);
  }
  tile5x8(ap, p, kc, stage, NR * 4, mode, bias);
  for (let r = 0; r < live; r++) {
    const row = stage + <usize>(r * NR * 4);
    const to = c + <usize>r * ldc;
    v128.store(to, v128.load(row));
    v128.store(to, v128.load(row, 16), 16);
  }
}

/** Copies kc rows of 8 floats (row stride ld bytes) from src into a contiguous panel at dst. */
function packPanel(src: usize, ld: usize, kc: i32, dst: usize): void {
  for (let k = 0; k < kc; k++) {
    v128.store(dst, v128.load(src));
    v128.store(dst, v128.load(src, 16), 16);
    src += ld;
    dst += 32;
  }
}

/**
 * C[m×n] = A[m×k]·B[k×n] (+ bias[n]) over the first n − n % 8 columns, all row-major; returns
 * how many columns it did (0 when the scratch is too small for this many rows). Loop order: K block
 * → pack A's block as 5-row tiles [k][5] and, per column panel, B's kc × 8 panel → 5-row tiles.
 * The panel (≤ 8 KB) stays in L1 for all rows; the packed A block (rows × kc floats, 200 KB at batch
 * 200 × KC 256) streams from L2, each 64-byte line feeding 3.2 k-steps of 10 multiply-adds.
 */
function gemmPacked(a: usize, b: usize, bias: usize, c: usize, m: i32, k: i32, n: i32): i32 {
  const lda = (<usize>k) << 2;
  const ldb = (<usize>n) << 2;
  const n8 = n & ~(NR - 1);
  const tiles = (m + 4) / 5;
  const m5 = m - m % 5;
  const reserved = KC * NR * 4 + STAGE_BYTES;
  const kcMax = min(KC, (scratchBytes - reserved) / (tiles * 20));
  if (kcMax < 1) return 0;
  const panel = scratch;
  const packed = scratch + <usize>reserved;
  for (let k0 = 0; k0 < k; k0 += kcMax) {
    const kc = min(kcMax, k - k0);
    const kb = (<usize>k0) << 2;
    const tileBytes = <usize>kc * 20;
    for (let i = 0; i < m5; i += 5) packRows5(a + <usize>i * lda + kb, lda, kc, packed + <usize>(i / 5) * tileBytes, 4);
    if (m5 < m) packRowsPartial(a + <usize>m5 * lda + kb, lda, kc, packed + <usize>(m5 / 5) * tileBytes, 4, m - m5);
    const mode = k0 > 0 ? FROM_C : bias != 0 ? FROM_BIAS : FROM_ZERO;
    for (let j = 0; j < n8; j += NR) {
      const jb = (<usize>j) << 2;
      packPanel(b + <usize>k0 * ldb + jb, ldb, kc, panel);
      for (let i = 0; i < m5; i += 5) {
        tile5x8(packed + <usize>(i / 5) * tileBytes, panel, kc, c + <usize>i * ldb + jb, ldb, mode, bias + jb);
      }
      if (m5 < m) tilePartial(packed + <usize>(m5 / 5) * tileBytes, panel, kc, c + <usize>m5 * ldb + jb, ldb, mode, bias + jb, m - m5);
    }
  }
  return n8;
}

/**
 * dw[nIn×nOut] = aᵀ·dz over columns 0 … nOut − nOut % 8 (the caller does the rest); false (nothing
 * done) when the scratch cannot hold one row. Input features go in 5-row tiles, the last short one
 * through tilePartial. A block of rb rows of a is packed as [tile][row][5] so the broadcasts walk
 * contiguous bytes instead of a strided column, and each column panel of dz is packed [row][8].
 * Later row blocks accumulate onto dw, so every dw element still sums its rows in order.
 */
function gradWeightsPacked(a: usize, dz: usize, dw: usize, rows: i32, nIn: i32, nOut: i32): bool {
  const tiles = (nIn + 4) / 5;
  const m5 = nIn - nIn % 5;
  const n8 = nOut & ~(NR - 1);
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const reserved = KC * NR * 4 + STAGE_BYTES;
  // Rows are the K of this product: any block size works; KC keeps the dz panel in L1.
  const rb = min(min(rows, KC), (scratchBytes - reserved) / (tiles * 20));
  if (rb < 1) return false;
  const panel = scratch;
  const packed = scratch + <usize>reserved;
  for (let i0 = 0; i0 < rows; i0 += rb) {
    const r = min(rb, rows - i0);
    const tileBytes = <usize>r * 20;
    const rowsAt = a + <usize>i0 * inBytes;
    for (let t = 0; t < m5; t += 5) packRows5(rowsAt + ((<usize>t) << 2), 4, r, packed + <usize>(t / 5) * tileBytes, inBytes);
    if (m5 < nIn) packRowsPartial(rowsAt + ((<usize>m5) << 2), 4, r, packed + <usize>(m5 / 5) * tileBytes, inBytes, nIn - m5);
    const mode = i0 > 0 ? FROM_C : FROM_ZERO;
    for (let j = 0; j < n8; j += NR) {
      const jb = (<usize>j) << 2;
      packPanel(dz + <usize>i0 * outBytes + jb, outBytes, r, panel);
      for (let t = 0; t < m5; t += 5) {
        tile5x8(packed + <usize>(t / 5) * tileBytes, panel, r, dw + <usize>t * outBytes + jb, outBytes, mode, 0);
      }
      if (m5 < nIn) tilePartial(packed + <usize>(m5 / 5) * tileBytes, panel, r, dw + <usize>m5 * outBytes + jb, outBytes, mode, 0, nIn - m5);
    }
  }
  return true;
}

/**
 * z[rows×nOut] = a[rows×nIn] · w[nIn×nOut] (+ b when b ≠ 0). One output (binary/regression
 * heads) runs as dot products; wide layers run the packed GEMM, the small-layer loops do the rest.
 */
export function denseForward(a: usize, w: usize, b: usize, z: usize, rows: i32, nIn: i32, nOut: i32): void {
  if (nOut == 1) {
    forwardSingleOutput(a, w, b, z, rows, nIn);
    return;
  }
  const done = nOut >= WIDE && scratch != 0 ? gemmPacked(a, w, b, z, rows, nIn, nOut) : 0;
  if (done < nOut) forwardColumns(a, w, b, z, rows, nIn, nOut, done);
}

/** dw[nIn×nOut] = aᵀ · dz, and db[nOut] = column sums of dz when db ≠ 0 (both overwritten). */
export function denseGradWeights(a: usize, dz: usize, dw: usize, db: usize, rows: i32, nIn: i32, nOut: i32): void {
  if (nOut == 1) {
    gradWeightsSingleOutput(a, dz, dw, db, rows, nIn);
    return;
  }
  if (nOut >= WIDE && scratch != 0 && gradWeightsPacked(a, dz, dw, rows, nIn, nOut)) {
    const inBytes = (<usize>nIn) << 2;
    const outBytes = (<usize>nOut) << 2;
    const n8 = nOut & ~(NR - 1);
    if (n8 < nOut) for (let k = 0; k < nIn; k++) gradWeightsTail(a + ((<usize>k) << 2), dz, dw + <usize>k * outBytes, rows, inBytes, nOut, n8);
  } else gradWeightsSmall(a, dz, dw, rows, nIn, nOut);
  if (db != 0) columnSums(dz, db, rows, nOut);
}

/**
 * da[rows×nIn] = dz[rows×nOut] · wᵀ, reading the transposed kernel wt[nOut×nIn] so lanes run
 * along nIn: the same GEMM as the forward pass with K = nOut.
 */
export function denseGradInput(dz: usize, wt: usize, da: usize, rows: i32, nIn: i32, nOut: i32): void {
  const done = nIn >= WIDE && scratch != 0 ? gemmPacked(dz, wt, 0, da, rows, nOut, nIn) : 0;
  if (done < nIn) gradInputColumns(dz, wt, da, rows, nIn, nOut, done);
}

/** Copies `count` rows of `width` floats from `src`, picking the rows listed (u32) at `idx`. */
export function gatherRows(src: usize, idx: usize, count: i32, width: i32, dst: usize): void {
  const rowBytes = (<usize>width) << 2;
  for (let r = 0; r < count; r++) {
    const row = <usize>load<u32>(idx + ((<usize>r) << 2));
    memory.copy(dst + <usize>r * rowBytes, src + row * rowBytes, rowBytes);
  }
}

/**
 * The small-layer path of z = a·w (+ b), for columns j0… of z: column blocks of 16 are the outer
 * loop so a block's slab of w (nIn × 64 bytes) stays in L1 across all rows; two rows at a time
 * share each w load. At the seed's widths (≤ 16 columns, K ≤ 64) this beats the packed path,
 * whose panel copy cannot pay off over two column blocks; wide layers use it only for the
 * columns past the last multiple of 8.
 */
function forwardColumns(a: usize, w: usize, b: usize, z: usize, rows: i32, nIn: i32, nOut: i32, j0: i32): void {
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  let j = j0;
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
        p0 = madd(s0, w0, p0); p1 = madd(s0, w1, p1);
        p2 = madd(s0, w2, p2); p3 = madd(s0, w3, p3);
        q0 = madd(s1, w0, q0); q1 = madd(s1, w1, q1);
        q2 = madd(s1, w2, q2); q3 = madd(s1, w3, q3);
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
        p0 = madd(s0, v128.load(wp), p0); p1 = madd(s0, v128.load(wp + 16), p1);
        p2 = madd(s0, v128.load(wp + 32), p2); p3 = madd(s0, v128.load(wp + 48), p3);
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
        p = madd(f32x4.splat(load<f32>(arow + ((<usize>k) << 2))), v128.load(wp), p);
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
    p = madd(v128.load(x + kb), v128.load(y + kb), p);
  }
  let acc: f32 = f32x4.extract_lane(p, 0) + f32x4.extract_lane(p, 1) + f32x4.extract_lane(p, 2) + f32x4.extract_lane(p, 3);
  for (; k < n; k++) acc += load<f32>(x + ((<usize>k) << 2)) * load<f32>(y + ((<usize>k) << 2));
  return acc;
}

/** The small-layer path of dw = aᵀ·dz (see denseGradWeights), two input features at a time. */
function gradWeightsSmall(a: usize, dz: usize, dw: usize, rows: i32, nIn: i32, nOut: i32): void {
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
        p0 = madd(s0, d0, p0); p1 = madd(s0, d1, p1);
        p2 = madd(s0, d2, p2); p3 = madd(s0, d3, p3);
        q0 = madd(s1, d0, q0); q1 = madd(s1, d1, q1);
        q2 = madd(s1, d2, q2); q3 = madd(s1, d3, q3);
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
      v128.store(dw + kb, madd(s, v128.load(arow + kb), v128.load(dw + kb)));
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
      p = madd(f32x4.splat(load<f32>(ap)), v128.load(dp), p);
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
 * The small-layer path of da = dz·wᵀ from input column k0 on, reading the transposed kernel
 * wt[nOut×nIn] so lanes run along nIn. Blocks of 16 input columns are the outer loop so their
 * wt slab stays in L1.
 */
function gradInputColumns(dz: usize, wt: usize, da: usize, rows: i32, nIn: i32, nOut: i32, k0: i32): void {
  const inBytes = (<usize>nIn) << 2;
  const outBytes = (<usize>nOut) << 2;
  const zero = f32x4.splat(0);
  let k = k0;
  for (; k + 16 <= nIn; k += 16) {
    const kb = (<usize>k) << 2;
    for (let i = 0; i < rows; i++) {
      const drow = dz + <usize>i * outBytes;
      let p0 = zero, p1 = zero, p2 = zero, p3 = zero;
      let wp = wt + kb;
      for (let j = 0; j < nOut; j++) {
        const s = f32x4.splat(load<f32>(drow + ((<usize>j) << 2)));
        p0 = madd(s, v128.load(wp), p0); p1 = madd(s, v128.load(wp + 16), p1);
        p2 = madd(s, v128.load(wp + 32), p2); p3 = madd(s, v128.load(wp + 48), p3);
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
        p = madd(f32x4.splat(load<f32>(drow + ((<usize>j) << 2))), v128.load(wp), p);
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

/**
 * dst[cols×rows] = src[rows×cols]ᵀ (the kernel, once per batch, for denseGradInput). 16 × 16 blocks
 * of 4 × 4 in-register transposes: element by element, a 512-wide kernel took 1.2 ms a batch (10 %
 * of the epoch), because each store went to a new 2 KB-strided line, all in the same two L1 sets.
 * In a block, 16 rows of dst are written 64 contiguous bytes at a time.
 */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  const r4 = rows & ~3;
  const c4 = cols & ~3;
  const srcRow = (<usize>cols) << 2;
  const dstRow = (<usize>rows) << 2;
  for (let rb = 0; rb < r4; rb += 16) {
    const rEnd = min(rb + 16, r4);
    for (let cb = 0; cb < c4; cb += 16) {
      const cEnd = min(cb + 16, c4);
      for (let r = rb; r < rEnd; r += 4) {
        for (let c = cb; c < cEnd; c += 4) {
          const s = src + <usize>r * srcRow + ((<usize>c) << 2);
          const x0 = v128.load(s), x1 = v128.load(s + srcRow), x2 = v128.load(s + 2 * srcRow), x3 = v128.load(s + 3 * srcRow);
          const t0 = v128.shuffle<i32>(x0, x1, 0, 4, 1, 5), t1 = v128.shuffle<i32>(x0, x1, 2, 6, 3, 7);
          const t2 = v128.shuffle<i32>(x2, x3, 0, 4, 1, 5), t3 = v128.shuffle<i32>(x2, x3, 2, 6, 3, 7);
          const d = dst + <usize>c * dstRow + ((<usize>r) << 2);
          v128.store(d, v128.shuffle<i64>(t0, t2, 0, 2));
          v128.store(d + dstRow, v128.shuffle<i64>(t0, t2, 1, 3));
          v128.store(d + 2 * dstRow, v128.shuffle<i64>(t1, t3, 0, 2));
          v128.store(d + 3 * dstRow, v128.shuffle<i64>(t1, t3, 1, 3));
        }
      }
    }
  }
  // The rows % 4 and cols % 4 edges, element by element.
  for (let r = 0; r < rows; r++) {
    for (let c = r < r4 ? c4 : 0; c < cols; c++) {
      store<f32>(dst + ((<usize>(c * rows + r)) << 2), load<f32>(src + ((<usize>(r * cols + c)) << 2)));
    }
  }
}

/**
 * dst[i] += src[i] over n floats: the threaded weight gradient sums each thread's partial dw into
 * the main thread's, one partial after another in thread order, so the result is the same every run.
 */
export function addInPlace(dst: usize, src: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const at = (<usize>i) << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
  }
  for (let i = n4; i < n; i++) {
    const at = (<usize>i) << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src + at));
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
