/**
 * The trainer's seeded PRNG: the shared mulberry32 (src/shared/prng.ts), seeded from `fit.seed`.
 * The same seed must give the same initial weights, shuffles and dropout masks in both engines,
 * which Math.random cannot promise.
 */
import { Mulberry32 } from '../shared/prng';

/** A deterministic source of uniform numbers in [0, 1) and 32-bit integers. */
export class Prng extends Mulberry32 {
  constructor(seed: number) {
    // Any JS number is folded to 32 bits so fractional or huge seeds still work.
    super((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
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
