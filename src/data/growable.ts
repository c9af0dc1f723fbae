/** Typed arrays that grow while a stream is read, because the row count is known only at the end. */

/** The typed arrays the loader accumulates into. */
export type NumericArray = Float32Array | Float64Array | Int32Array | Uint32Array;

/** A typed array with spare capacity that doubles when full (amortised O(1) appends). */
export class Growable<T extends NumericArray> {
  /** The backing store; valid entries are `[0, length)`. Exposed so hot loops can write in place. */
  buf: T;
  /** Number of valid entries. */
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    initialCapacity = 1024,
  ) {
    this.buf = make(Math.max(16, Math.ceil(initialCapacity)));
  }

  /** Makes room for `extra` more entries. */
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need <= this.buf.length) return;
    const next = this.make(Math.max(need, this.buf.length * 2));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  /** Appends one value. */
  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = v;
  }

  /** The valid entries, copied only when the spare capacity is worth giving back. */
  finish(): T {
    if (this.buf.length === this.length) return this.buf;
    return (this.buf.length - this.length > this.length / 8 ? this.buf.slice(0, this.length) : this.buf.subarray(0, this.length)) as T;
  }
}

/** A growing Float32Array. */
export function growableF32(initial?: number): Growable<Float32Array> {
  return new Growable((n) => new Float32Array(n), initial);
}

/** A growing Float64Array. */
export function growableF64(initial?: number): Growable<Float64Array> {
  return new Growable((n) => new Float64Array(n), initial);
}

/** A growing Int32Array. */
export function growableI32(initial?: number): Growable<Int32Array> {
  return new Growable((n) => new Int32Array(n), initial);
}
