/**
 * Smoothed copies of run columns, kept in step with them: a live epoch costs one EMA step,
 * while a new smoothing weight or a rewritten row recomputes the whole column once.
 */
import type { GrowableColumn } from '../shared/run-state';
import { EmaSmoother } from '../shared/smoothing';

class SmoothedColumn {
  buf = new Float64Array(64);
  length = 0;
  weight = NaN;
  rewrites = -1;
  smoother = new EmaSmoother(0);
  /**
   * The column these values were smoothed from. Series ids (`main:loss`) outlive a run switch:
   * a new run's column of the same length must not pass for the old one's.
   */
  source: GrowableColumn | undefined;

  sync(source: GrowableColumn, weight: number): Float64Array {
    const stale = source !== this.source || weight !== this.weight || source.rewrites !== this.rewrites || source.length < this.length;
    if (source.length > this.buf.length) {
      let cap = this.buf.length;
      while (cap < source.length) cap *= 2;
      const next = new Float64Array(cap);
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    const raw = source.view();
    if (stale) {
      this.source = source;
      this.weight = weight;
      this.rewrites = source.rewrites;
      this.smoother = new EmaSmoother(weight);
      this.length = 0;
    }
    for (let i = this.length; i < raw.length; i++) this.buf[i] = weight > 0 ? this.smoother.next(raw[i]) : raw[i];
    this.length = raw.length;
    return this.buf.subarray(0, this.length);
  }
}

/** Smoothed columns by series id. */
export class SmoothedStore {
  private columns = new Map<string, SmoothedColumn>();

  /** The smoothed view of `source` under `id`, brought up to date. */
  get(id: string, source: GrowableColumn, weight: number): Float64Array {
    let c = this.columns.get(id);
    if (!c) {
      c = new SmoothedColumn();
      this.columns.set(id, c);
    }
    return c.sync(source, weight);
  }

  /** Forget columns of series no longer drawn. */
  retain(ids: ReadonlySet<string>): void {
    for (const id of this.columns.keys()) if (!ids.has(id)) this.columns.delete(id);
  }
}
