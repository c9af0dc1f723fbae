/**
 * When to write resume checkpoints: after an epoch, once MIN_INTERVAL_MS has passed since the
 * last one and unless that would cost more than 1/COST_RATIO of the training time. A checkpoint
 * of the seed model (weights, Adam slots and the 40,000-row batch order) takes a fraction of a
 * millisecond, so it gets one about every 250 ms (every 20th 12 ms epoch); a model whose
 * checkpoint takes 20 ms gets one about every second. A resume so loses at most one epoch,
 * 250 ms, or about COST_RATIO checkpoint-write times of training, whichever is longest.
 */
import { writeCheckpoint, type Checkpoint } from '../runs/checkpoint';
import type { RunCheckpointInfo } from '../shared/run';
import type { LoopCheckpointer } from './loop';

/** Training time per unit of checkpoint time, at least (50: checkpoints cost at most 2 %). */
export const COST_RATIO = 50;

/**
 * The shortest time between two checkpoints, in ms. Without it the seed wrote its 182 KB
 * checkpoint after every 12 ms epoch (15 MB/s of writes, plus a row flush each time), for a
 * resume that would lose at most a quarter of a second more training.
 */
export const MIN_INTERVAL_MS = 250;

/** Writes checkpoints of one run folder at a bounded cost; reports each write's summary. */
export class Checkpointer implements LoopCheckpointer {
  private lastEnd = -Infinity;
  private lastCostMs = 0;
  private dueAt = 0;
  private writes = 0;
  private totalMs = 0;

  constructor(
    private readonly dir: string,
    private readonly engine: string,
    private readonly onWrite: (info: RunCheckpointInfo) => void,
    /** Writes the buffered epoch rows first: a checkpoint must never count epochs whose rows are not on disk. */
    private readonly beforeWrite: () => void = () => undefined,
  ) {}

  /** Writes so far and their mean cost (building included), in ms. */
  get stats(): { writes: number; meanWriteMs: number } {
    return { writes: this.writes, meanWriteMs: this.writes ? Math.round((this.totalMs / this.writes) * 1000) / 1000 : 0 };
  }

  /** True when enough training time has passed since the last checkpoint to pay for the next. */
  due(): boolean {
    const now = performance.now();
    if (now - this.lastEnd < Math.max(this.lastCostMs * COST_RATIO, MIN_INTERVAL_MS)) return false;
    this.dueAt = now;
    return true;
  }

  /** Writes `checkpoint` (atomically) and times it, building included. */
  write(checkpoint: Checkpoint): void {
    this.beforeWrite();
    const bytes = writeCheckpoint(this.dir, { ...checkpoint, meta: { ...checkpoint.meta, engine: this.engine } });
    const end = performance.now();
    this.lastCostMs = end - this.dueAt;
    this.lastEnd = end;
    this.writes += 1;
    this.totalMs += this.lastCostMs;
    this.onWrite({ epochs: checkpoint.meta.epochs, bytes, meanWriteMs: Math.round((this.totalMs / this.writes) * 1000) / 1000, writes: this.writes });
  }
}
