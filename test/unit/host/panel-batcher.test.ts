import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PANEL_BATCH_MS, PanelBatcher } from '../../../src/host/panel/panel-batcher';
import { Throttle } from '../../../src/shared/throttle';
import { FakeClock } from '../fake-clock';
import type { EpochRecord } from '../../../src/shared/metrics';
import type { HostToPanel } from '../../../src/shared/protocol/panel';
import type { RunEvent } from '../../../src/shared/protocol/trainer';

function rec(epoch: number): EpochRecord {
  return { epoch, logs: { loss: 1 / (epoch + 1) }, durationMs: 2 };
}

function epochMsg(runId: string, epoch: number): HostToPanel {
  return { type: 'epochs', runId, records: [rec(epoch)] };
}

function best(epoch: number): RunEvent {
  return { kind: 'newBest', epoch, message: `best at ${epoch}`, data: { monitor: 'val_loss', value: 1 / (epoch + 1) } };
}

function setup(): { clock: FakeClock; sent: HostToPanel[]; batcher: PanelBatcher } {
  const clock = new FakeClock();
  const sent: HostToPanel[] = [];
  return { clock, sent, batcher: new PanelBatcher((m) => sent.push(m), PANEL_BATCH_MS, clock) };
}

/** The epochs of every `epochs` message sent, in order. */
function sentEpochs(sent: HostToPanel[]): number[] {
  return sent.flatMap((m) => (m.type === 'epochs' ? m.records.map((r) => r.epoch) : []));
}

test('Throttle runs at once after a quiet interval, then at most once per interval', () => {
  const clock = new FakeClock();
  let runs = 0;
  const t = new Throttle(() => runs++, 100, clock);
  t.request();
  assert.equal(runs, 1, 'the first request runs at once');
  for (let i = 0; i < 50; i++) t.request();
  assert.equal(runs, 1);
  assert.equal(t.pending, true);
  clock.advance(99);
  assert.equal(runs, 1);
  clock.advance(1);
  assert.equal(runs, 2, 'the trailing run fires at the end of the interval');
  clock.advance(101);
  t.request();
  assert.equal(runs, 3, 'after more than an interval of quiet, a request runs at once');
  t.request();
  t.flush();
  assert.equal(runs, 4, 'flush runs a scheduled run now');
  t.flush();
  assert.equal(runs, 4, 'flush with nothing scheduled does nothing');
  t.request();
  t.cancel();
  clock.advance(1_000);
  assert.equal(runs, 4, 'a cancelled run never fires');
  assert.equal(clock.pendingTimers, 0);
  t.runNow();
  assert.equal(runs, 5);
});

test('an epoch after a quiet spell goes out at once; a burst becomes one batch per 100 ms', () => {
  const { clock, sent, batcher } = setup();
  batcher.push(epochMsg('r', 0));
  assert.equal(sent.length, 1, 'sent immediately');
  assert.deepEqual(sent[0], { type: 'epochs', runId: 'r', records: [rec(0)] });
  // 400 epochs/s: one epoch every 2.5 ms for one second.
  let epoch = 1;
  for (let t = 0; t < 1_000; t += 2.5) {
    clock.advance(2.5);
    batcher.push(epochMsg('r', epoch++));
  }
  clock.advance(PANEL_BATCH_MS);
  assert.ok(sent.length <= 12, `one second of epochs took ${sent.length} messages`);
  assert.ok(sent.every((m) => m.type === 'epochs'));
  assert.deepEqual(
    sentEpochs(sent),
    Array.from({ length: epoch }, (_, i) => i),
    'every epoch once, in order',
  );
  assert.equal(batcher.buffered, 0);
  assert.equal(clock.pendingTimers, 0);
});

test('messages are at least 100 ms apart while epochs stream', () => {
  const clock = new FakeClock();
  const times: number[] = [];
  const timed = new PanelBatcher(() => times.push(clock.now()), PANEL_BATCH_MS, clock);
  for (let e = 0; e < 2_000; e++) {
    clock.advance(1);
    timed.push(epochMsg('r', e));
  }
  clock.advance(PANEL_BATCH_MS);
  for (let i = 1; i < times.length; i++)
    assert.ok(times[i] - times[i - 1] >= PANEL_BATCH_MS, `sends ${i - 1} and ${i} were ${times[i] - times[i - 1]} ms apart`);
  assert.equal(times.length, 21, '2 s of epochs: the first at once, then one batch per 100 ms');
  assert.equal(timed.buffered, 0);
});

test('events ride in the batch after their epochs instead of one message each', () => {
  const { clock, sent, batcher } = setup();
  batcher.push(epochMsg('r', 0));
  for (let e = 1; e <= 20; e++) {
    clock.advance(2);
    batcher.push(epochMsg('r', e));
    batcher.push({ type: 'event', runId: 'r', event: best(e) });
  }
  clock.advance(PANEL_BATCH_MS);
  assert.equal(sent.length, 2);
  const batch = sent[1];
  assert.ok(batch.type === 'epochs');
  assert.deepEqual(
    batch.records.map((r) => r.epoch),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    batch.events?.map((e) => e.epoch),
    Array.from({ length: 20 }, (_, i) => i + 1),
  );
});

test('info, findings and snapshot messages flush the pending batch first, keeping the order', () => {
  const { clock, sent, batcher } = setup();
  batcher.push(epochMsg('r', 0));
  clock.advance(10);
  batcher.push(epochMsg('r', 1));
  batcher.push(epochMsg('r', 2));
  batcher.push({ type: 'findings', runId: 'r', findings: [] });
  assert.deepEqual(
    sent.map((m) => m.type),
    ['epochs', 'epochs', 'findings'],
  );
  assert.deepEqual(sentEpochs(sent), [0, 1, 2]);
  assert.equal(clock.pendingTimers, 0, 'the flushed batch leaves no timer behind');
  batcher.push(epochMsg('r', 3));
  batcher.push({ type: 'info', runId: 'r', info: { id: 'r', status: 'completed', startedAt: '', epochs: 4, totalEpochs: 4 }, live: false });
  assert.deepEqual(
    sent.slice(3).map((m) => m.type),
    ['epochs', 'info'],
  );
  batcher.push(epochMsg('r', 4));
  batcher.push({
    type: 'snapshot',
    run: { info: { id: 'r', status: 'running', startedAt: '', epochs: 5, totalEpochs: 9 }, history: [], events: [], findings: [], live: true },
    compare: [],
    choices: [],
  });
  assert.deepEqual(
    sent.slice(5).map((m) => m.type),
    ['epochs', 'snapshot'],
  );
  batcher.push({ type: 'exportRequest', format: 'png' });
  assert.equal(sent[sent.length - 1].type, 'exportRequest');
  assert.deepEqual(sentEpochs(sent), [0, 1, 2, 3, 4]);
});

test('flush sends the last epochs of a run at its end without waiting for the timer', () => {
  const { clock, sent, batcher } = setup();
  batcher.push(epochMsg('r', 0));
  batcher.push(epochMsg('r', 1));
  assert.equal(sent.length, 1);
  batcher.flush();
  assert.deepEqual(sentEpochs(sent), [0, 1]);
  assert.equal(clock.pendingTimers, 0);
  batcher.flush();
  assert.equal(sent.length, 2, 'nothing left to flush');
});

test('a batch never mixes runs: switching run ids flushes the previous run first', () => {
  const { clock, sent, batcher } = setup();
  batcher.push(epochMsg('a', 0));
  batcher.push(epochMsg('a', 1));
  batcher.push(epochMsg('b', 0));
  clock.advance(PANEL_BATCH_MS);
  assert.deepEqual(
    sent.map((m) => (m.type === 'epochs' ? [m.runId, m.records.map((r) => r.epoch)] : m.type)),
    [
      ['a', [0]],
      ['a', [1]],
      ['b', [0]],
    ],
  );
});

test('discard drops the pending batch and its timer (the page is gone; its next snapshot has them)', () => {
  const { clock, sent, batcher } = setup();
  batcher.push(epochMsg('r', 0));
  batcher.push(epochMsg('r', 1));
  batcher.discard();
  assert.equal(batcher.buffered, 0);
  assert.equal(clock.pendingTimers, 0);
  clock.advance(1_000);
  assert.deepEqual(sentEpochs(sent), [0]);
});

test('single-record epoch messages are batched too', () => {
  const { clock, sent, batcher } = setup();
  batcher.push({ type: 'epoch', runId: 'r', record: rec(0) });
  batcher.push({ type: 'epoch', runId: 'r', record: rec(1) });
  clock.advance(PANEL_BATCH_MS);
  assert.deepEqual(
    sent.map((m) => m.type),
    ['epochs', 'epochs'],
  );
  assert.deepEqual(sentEpochs(sent), [0, 1]);
});
