/**
 * A small seeded PRNG (mulberry32): the same `fit.seed` must give the same initial weights,
 * shuffles and dropout masks in both engines, which Math.random cannot promise.
 */

/** A deterministic source of uniform numbers in [0, 1) and 32-bit integers. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Any JS number is folded to 32 bits so fractional or huge seeds still work.
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
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

  /** An integer in [0, n). */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** A fresh seed for runs without `fit.seed`, recorded so the run can be repeated. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 2147483647);
}

/** Fisher–Yates shuffle of `order` in place, driven by `prng`. */
export function shuffleInPlace(order: Uint32Array, prng: Prng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/** `[0, 1, …, n-1]`: the unshuffled training order. */
export function identityOrder(n: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order;
}
