/**
 * The panel's model of the runs it draws, fed by host messages.
 * Metric histories live in growable typed arrays so a live epoch is an O(1) append and the
 * charts get zero-copy views; immutable arrays would cost O(n) copies per epoch, which at
 * 10,000 epochs × several overlaid runs is the difference between smooth and janky.
 * `reducePanel` mutates the state it is given and reports what changed, so the view knows
 * whether to rebuild the charts, push new data, or only refresh the header.
 */
import type { Finding } from './findings';
import type { EpochRecord } from './metrics';
import type { HostToPanel, RunActions, RunChoice, RunView } from './protocol/panel';
import type { RunEvent } from './protocol/trainer';
import type { RunInfo } from './run';

/** Epoch indices at or above this are refused: a corrupt message must not allocate gigabytes. */
export const MAX_EPOCHS = 10_000_000;

/** A float column that grows by doubling; unwritten rows read as NaN (a gap). */
export class GrowableColumn {
  private buf: Float64Array;
  private len = 0;
  private nonFiniteRows = 0;
  private rewriteCount = 0;

  constructor(capacity = 64) {
    this.buf = new Float64Array(Math.max(1, capacity)).fill(NaN);
  }

  /** Number of rows, including gaps. */
  get length(): number {
    return this.len;
  }

  /** Rows holding NaN/±Infinity (gaps included): a view with any needs null gaps to draw right. */
  get nonFinite(): number {
    return this.nonFiniteRows;
  }

  /** Bumped when an existing row changes (not on append), so derived series know to recompute. */
  get rewrites(): number {
    return this.rewriteCount;
  }

  /** Row `i`, NaN beyond the end. */
  get(i: number): number {
    return i >= 0 && i < this.len ? this.buf[i] : NaN;
  }

  /** Write row `i`; rows skipped over become NaN gaps. */
  set(i: number, value: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= MAX_EPOCHS) throw new RangeError(`row ${i} is outside 0..${MAX_EPOCHS - 1}`);
    if (i < this.len) {
      if (!Number.isFinite(this.buf[i])) this.nonFiniteRows--;
      this.rewriteCount++;
    } else {
      this.setLength(i + 1);
      this.nonFiniteRows--; // setLength counted row i as a gap; it is about to be written
    }
    this.buf[i] = value;
    if (!Number.isFinite(value)) this.nonFiniteRows++;
  }

  /** Extend to `n` rows with NaN gaps (never shrinks). */
  setLength(n: number): void {
    if (n <= this.len) return;
    this.ensureCapacity(n);
    this.nonFiniteRows += n - this.len;
    this.len = n;
  }

  /** The rows as a zero-copy view; valid until the next append that grows the buffer. */
  view(): Float64Array {
    return this.buf.subarray(0, this.len);
  }

  private ensureCapacity(n: number): void {
    if (n <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < n) cap *= 2;
    const next = new Float64Array(cap).fill(NaN);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

/** One run as the panel holds it. */
export interface RunSeries {
  id: string;
  info: RunInfo;
  live: boolean;
  /** Metric keys in first-seen order (`loss`, `acc`, `val_loss`, …). */
  keys: string[];
  columns: Map<string, GrowableColumn>;
  /** Epoch wall times, for the ETA. */
  durations: GrowableColumn;
  events: RunEvent[];
  findings: Finding[];
  /** The coach's what-if sentences (Keras runs), shown under the findings. */
  whatIf: string[];
  /** What the host allows (Apply fix, Train Again, Resume) and why not. */
  actions: RunActions;
  /** Rows recorded: the last epoch index + 1. */
  length: number;
}

/** What the panel holds: the main run, the overlays and the overlay choices. */
export interface PanelState {
  main: RunSeries | undefined;
  compare: RunSeries[];
  choices: RunChoice[];
}

/** What a message changed, so the view redraws no more than needed. */
export interface PanelChange {
  /** Series set changed (new run, new metric key, overlays): rebuild the charts. */
  structure: boolean;
  /** Values changed: push data to the charts. */
  data: boolean;
  header: boolean;
  markers: boolean;
  findings: boolean;
  choices: boolean;
}

/** A state with nothing to draw yet (before the first snapshot). */
export function emptyPanelState(): PanelState {
  return { main: undefined, compare: [], choices: [] };
}

/** A change flagging nothing. */
export function noChange(): PanelChange {
  return { structure: false, data: false, header: false, markers: false, findings: false, choices: false };
}

/** Build a run from a snapshot's view of it. */
export function createRunSeries(view: RunView): RunSeries {
  const capacity = Math.max(64, view.history.length, view.info.totalEpochs > 0 && view.info.totalEpochs < MAX_EPOCHS ? view.info.totalEpochs : 0);
  const run: RunSeries = {
    id: view.info.id,
    info: view.info,
    live: view.live,
    keys: [],
    columns: new Map(),
    durations: new GrowableColumn(capacity),
    events: [...view.events],
    findings: [...view.findings],
    whatIf: [...(view.whatIf ?? [])],
    actions: { ...view.actions },
    length: 0,
  };
  for (const record of view.history) appendRecord(run, record, capacity);
  return run;
}

/**
 * Record one epoch at row `record.epoch` (a repeat overwrites, a jump leaves NaN gaps).
 * Returns true when it introduced a metric key the run had not seen.
 */
export function appendRecord(run: RunSeries, record: EpochRecord, capacity = 64): boolean {
  const row = record.epoch;
  if (!Number.isInteger(row) || row < 0 || row >= MAX_EPOCHS) return false;
  let newKey = false;
  for (const key of Object.keys(record.logs)) {
    if (!run.columns.has(key)) {
      run.columns.set(key, new GrowableColumn(Math.max(capacity, run.length + 1)));
      run.keys.push(key);
      newKey = true;
    }
  }
  const length = Math.max(run.length, row + 1);
  for (const [key, column] of run.columns) {
    const value = record.logs[key];
    if (value !== undefined) column.set(row, value);
    column.setLength(length);
  }
  run.durations.set(row, record.durationMs);
  run.length = length;
  return newKey;
}

/** Append one live record to the main run; false when its epoch index is unusable. */
function appendLive(main: RunSeries, record: EpochRecord, change: PanelChange): boolean {
  if (!Number.isInteger(record.epoch) || record.epoch < 0 || record.epoch >= MAX_EPOCHS) return false;
  if (appendRecord(main, record)) change.structure = true;
  change.data = true;
  change.header = true;
  return true;
}

/** Apply a host message to the state (in place) and say what changed. */
export function reducePanel(state: PanelState, msg: HostToPanel): PanelChange {
  const change = noChange();
  if (msg.type === 'snapshot') {
    state.main = createRunSeries(msg.run);
    state.compare = msg.compare.filter((v) => v.info.id !== msg.run.info.id).map(createRunSeries);
    state.choices = [...msg.choices];
    return { structure: true, data: true, header: true, markers: true, findings: true, choices: true };
  }
  // A request to the view, not a change of state.
  if (msg.type === 'exportRequest') return change;
  const main = state.main;
  if (!main || msg.runId !== main.id) return change;
  switch (msg.type) {
    case 'epoch':
      if (appendLive(main, msg.record, change) && main.info.epochs < main.length) main.info = { ...main.info, epochs: main.length };
      return change;
    case 'epochs': {
      // k records cost k O(1) appends; the flags (hence the redraw) are set once for the batch.
      for (const record of msg.records) appendLive(main, record, change);
      if (main.info.epochs < main.length) main.info = { ...main.info, epochs: main.length };
      if (msg.events && msg.events.length > 0) {
        for (const event of msg.events) main.events.push(event);
        change.markers = true;
        change.header = true;
      }
      return change;
    }
    case 'event':
      main.events.push(msg.event);
      change.markers = true;
      change.header = true;
      return change;
    case 'info':
      main.info = msg.info;
      main.live = msg.live;
      change.header = true;
      change.markers = true;
      change.findings = true; // "Train again" depends on whether the run is still live
      return change;
    case 'findings':
      main.findings = [...msg.findings];
      change.findings = true;
      change.markers = true;
      return change;
  }
}
