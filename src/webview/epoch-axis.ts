/** The shared x values 1..N (1-based epochs), grown by doubling so each frame only takes a view. */
export class EpochAxis {
  private buf = new Float64Array(0);

  /** `[1, 2, …, n]` as a zero-copy view. */
  view(n: number): Float64Array {
    if (n > this.buf.length) {
      let cap = Math.max(64, this.buf.length);
      while (cap < n) cap *= 2;
      this.buf = new Float64Array(cap);
      for (let i = 0; i < cap; i++) this.buf[i] = i + 1;
    }
    return this.buf.subarray(0, n);
  }
}
