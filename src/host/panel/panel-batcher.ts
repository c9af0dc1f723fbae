/**
 * Coalesces a run's epochs (and the events raised with them) into `epochs` batches for one
 * panel. A fast trainer finishes hundreds of epochs per second; a webview message per epoch
 * flooded VS Code's renderer, which then lagged thousands of epochs behind the trainer and
 * stopped answering the command palette. Pure apart from the injected clock, so tested in Node.
 */
import type { EpochRecord } from '../../shared/metrics';
import type { HostToPanel, PanelEpochsMessage } from '../../shared/protocol/panel';
import type { RunEvent } from '../../shared/protocol/trainer';
import { Throttle, systemClock, type TimerClock } from '../../shared/throttle';

/** Fewest milliseconds between two epoch batches to one panel (≤ 10 messages a second). */
export const PANEL_BATCH_MS = 100;

/**
 * Sends panel messages through `send`, batching epochs: a batch goes out at once when the
 * previous one left more than `intervalMs` ago, otherwise at the end of the interval. Any
 * other message first flushes the batch, so the panel sees everything in the host's order.
 */
export class PanelBatcher {
  private runId: string | undefined;
  private records: EpochRecord[] = [];
  private events: RunEvent[] = [];
  private readonly throttle: Throttle;

  constructor(
    private readonly send: (msg: HostToPanel) => void,
    intervalMs = PANEL_BATCH_MS,
    clock: TimerClock = systemClock,
  ) {
    this.throttle = new Throttle(() => this.sendBuffered(), intervalMs, clock);
  }

  /** Records and events waiting for the next batch. */
  get buffered(): number {
    return this.records.length + this.events.length;
  }

  /** Sends `msg`, or buffers it when it is an epoch or a run event. */
  push(msg: HostToPanel): void {
    switch (msg.type) {
      case 'epoch':
        this.buffer(msg.runId, [msg.record], undefined);
        return;
      case 'epochs':
        this.buffer(msg.runId, msg.records, msg.events);
        return;
      case 'event':
        // `newBest` may follow almost every epoch: sent alone, events would undo the batching.
        this.buffer(msg.runId, [], [msg.event]);
        return;
      default:
        this.flush();
        this.send(msg);
    }
  }

  /** Sends the pending batch now (before something that must follow it, or at a run's end). */
  flush(): void {
    this.throttle.flush();
  }

  /** Drops the pending batch: the page is gone, and its next snapshot will hold these epochs. */
  discard(): void {
    this.throttle.cancel();
    this.records = [];
    this.events = [];
    this.runId = undefined;
  }

  private buffer(runId: string, records: readonly EpochRecord[], events: readonly RunEvent[] | undefined): void {
    if (this.runId !== undefined && this.runId !== runId) this.flush();
    this.runId = runId;
    for (const r of records) this.records.push(r);
    if (events) for (const e of events) this.events.push(e);
    this.throttle.request();
  }

  private sendBuffered(): void {
    const runId = this.runId;
    if (runId === undefined || this.buffered === 0) return;
    const msg: PanelEpochsMessage = { type: 'epochs', runId, records: this.records };
    if (this.events.length > 0) msg.events = this.events;
    this.records = [];
    this.events = [];
    this.runId = undefined;
    this.send(msg);
  }
}
