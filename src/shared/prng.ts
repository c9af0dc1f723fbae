/**
 * The one seeded PRNG (mulberry32) of Fitwatch: the trainer's weights, shuffles and dropout
 * masks, the embedded sample, the bench's data and the tests' synthetic curves. It uses only
 * 32-bit integer ops, and V8's Math.log/cos/sin are its own fdlibm port, so the stream is
 * identical on every platform.
 */

/** mulberry32 over a 32-bit state. */
export class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The generator's position, for resume checkpoints. */
  get position(): number {
    return this.state;
  }

  set position(value: number) {
    this.state = value >>> 0;
  }

  /** The next unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** The next float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}

/** Uniform floats in [0, 1) from a 32-bit seed (mulberry32). */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.next();
}

/** Standard normal samples from a uniform source (Box–Muller, one value per pair: simple and reproducible). */
export function gaussian(uniform: () => number): () => number {
  return () => {
    const u1 = 1 - uniform(); // (0, 1]: log(0) would be -Infinity
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
}
