/**
 * A small seeded PRNG for the embedded sample and the tests' synthetic curves. mulberry32 uses only 32-bit integer ops, and
 * V8's Math.log/cos/sin are its own fdlibm port, so the stream is identical on every platform.
 */

/** Uniform floats in [0, 1) from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform source (Box–Muller, one value per pair: simple and reproducible). */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u1 = 1 - uniform(); // (0, 1]: log(0) would be -Infinity
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}
