/**
 * Coalesces the trainer's per-epoch messages into one IPC send per window. A fast-engine epoch
 * takes ~12 ms, and each send wakes the host process: on a loaded 2-core machine the trainer
 * pays for that switch, which made streaming cost up to 3.9 % of training (docs/performance.md).
 * The panel cannot show more than a few updates per 50 ms anyway, so a window costs nothing the
 * user sees. The first message goes at once (the first epoch shows as soon as it exists), and
 * every non-streamed message flushes the window first, so the host sees the run's order exactly.
 */
import type { StreamedMessage, TrainerToHost, TrainerWireMessage } from '../shared/protocol/trainer';
import { systemClock, Throttle, type TimerClock } from '../shared/throttle';

/** The longest a streamed message waits before it is sent, in ms. */
export const STREAM_WINDOW_MS = 50;

/** Writes one message to the channel; resolves once it is written (or the channel is gone). */
export type WireSend = (msg: TrainerWireMessage) => Promise<void>;

/** One run's outgoing channel: streamed messages batched per window, everything else in order. */
export class StreamBatcher {
  private pending: StreamedMessage[] = [];
  private readonly throttle: Throttle;
  private lastSend: Promise<void> = Promise.resolve();
  /** Time spent inside the channel's send calls (serialising and writing), for the streaming-overhead figure. */
  sendMs = 0;
  /** Wire messages written, for tests and the bench. */
  sends = 0;

  constructor(
    private readonly wire: WireSend,
    windowMs: number = STREAM_WINDOW_MS,
    clock: TimerClock = systemClock,
  ) {
    this.throttle = new Throttle(() => this.sendPending(), windowMs, clock);
  }

  /** Queues a streamed message; it goes out within the window. */
  post(msg: StreamedMessage): void {
    this.pending.push(msg);
    this.throttle.request();
  }

  /** Sends what is queued, then `msg`; resolves once `msg` is written. */
  send(msg: TrainerToHost): Promise<void> {
    this.throttle.flush();
    return this.write(msg);
  }

  /** Sends what is queued now; resolves once everything sent so far is written. */
  flush(): Promise<void> {
    this.throttle.flush();
    return this.lastSend;
  }

  /** Drops the window's timer without sending (the channel is gone). */
  dispose(): void {
    this.throttle.cancel();
    this.pending = [];
  }

  private sendPending(): void {
    const messages = this.pending;
    if (messages.length === 0) return;
    this.pending = [];
    // One message goes as itself: the common case on slow epochs, and the plainest on the wire.
    void this.write(messages.length === 1 ? (messages[0] as StreamedMessage) : { type: 'batch', messages });
  }

  private write(msg: TrainerWireMessage): Promise<void> {
    const t0 = performance.now();
    this.lastSend = this.wire(msg);
    this.sendMs += performance.now() - t0;
    this.sends += 1;
    return this.lastSend;
  }
}
