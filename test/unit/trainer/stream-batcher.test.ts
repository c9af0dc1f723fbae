import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTrainerWire, type StreamedMessage, type TrainerToHost, type TrainerWireMessage } from '../../../src/shared/protocol/trainer';
import { STREAM_WINDOW_MS, StreamBatcher } from '../../../src/trainer/stream-batcher';
import { FakeClock } from '../fake-clock';

function epoch(n: number): StreamedMessage {
  return { type: 'epoch', record: { epoch: n, logs: { loss: 1 / (n + 1) }, durationMs: 12 }, totalEpochs: 100 };
}

function setup(): { clock: FakeClock; wire: TrainerWireMessage[]; batcher: StreamBatcher; received: () => TrainerToHost[] } {
  const clock = new FakeClock();
  const wire: TrainerWireMessage[] = [];
  const batcher = new StreamBatcher(
    (msg) => {
      // What the host's client sees: each wire message goes through the validator as JSON would carry it.
      wire.push(JSON.parse(JSON.stringify(msg)) as TrainerWireMessage);
      return Promise.resolve();
    },
    STREAM_WINDOW_MS,
    clock,
  );
  const received = (): TrainerToHost[] =>
    wire.flatMap((m) => {
      const parsed = parseTrainerWire(m);
      assert.ok(parsed, `the client must accept ${JSON.stringify(m)}`);
      return parsed;
    });
  return { clock, wire, batcher, received };
}

test('the first epoch goes at once; the next ones within the window go as one batch', () => {
  const { clock, wire, batcher, received } = setup();
  batcher.post(epoch(0));
  assert.equal(wire.length, 1, 'the first epoch is not held back');
  assert.equal(wire[0]?.type, 'epoch', 'a lone message goes as itself');
  for (let n = 1; n <= 4; n++) {
    clock.advance(12);
    batcher.post(epoch(n));
  }
  assert.equal(wire.length, 1, 'epochs 1-4 wait for the window');
  clock.advance(STREAM_WINDOW_MS);
  assert.equal(wire.length, 2);
  assert.equal(wire[1]?.type, 'batch');
  assert.deepEqual(
    received().map((m) => (m.type === 'epoch' ? m.record.epoch : -1)),
    [0, 1, 2, 3, 4],
    'the host sees every epoch, in order',
  );
  assert.equal(batcher.sends, 2);
});

test('a 1000-epoch fast run at 12 ms per epoch needs about one send per 50 ms, not one per epoch', () => {
  const { clock, batcher, received } = setup();
  for (let n = 0; n < 1000; n++) {
    batcher.post(epoch(n));
    clock.advance(12);
  }
  clock.advance(STREAM_WINDOW_MS);
  const sends = batcher.sends;
  assert.ok(sends <= Math.ceil((1000 * 12) / STREAM_WINDOW_MS) + 2, `${sends} sends`);
  assert.ok(sends >= 1000 / 5, `${sends} sends: a window holds about four epochs, so the panel still moves`);
  assert.equal(received().length, 1000);
});

test('epochs slower than the window each go at once', () => {
  const { clock, wire, batcher } = setup();
  for (let n = 0; n < 5; n++) {
    batcher.post(epoch(n));
    assert.equal(wire.length, n + 1, `epoch ${n} was sent when it happened`);
    clock.advance(STREAM_WINDOW_MS + 10);
  }
});

test('a non-streamed message (done, error) flushes the window first, so the order holds', async () => {
  const { clock, batcher, received } = setup();
  batcher.post(epoch(0));
  clock.advance(5);
  batcher.post(epoch(1));
  batcher.post({ type: 'event', event: { kind: 'newBest', epoch: 1, message: 'best', data: { monitor: 'val_loss', value: 0.5 } } });
  await batcher.send({ type: 'done', reason: 'completed', epochs: 2, monitor: 'val_loss', elapsedMs: 30 });
  assert.deepEqual(
    received().map((m) => m.type),
    ['epoch', 'epoch', 'event', 'done'],
  );
  clock.advance(STREAM_WINDOW_MS);
  assert.equal(received().length, 4, 'nothing is sent twice');
});

test('flush() sends what waits, dispose() drops the timer', async () => {
  const { clock, wire, batcher } = setup();
  batcher.post(epoch(0));
  batcher.post(epoch(1));
  await batcher.flush();
  assert.equal(wire.length, 2);
  batcher.post(epoch(2));
  batcher.dispose();
  assert.equal(clock.pendingTimers, 0);
  clock.advance(STREAM_WINDOW_MS);
  assert.equal(wire.length, 2);
});

test('the client refuses a batch with anything malformed in it, or a non-streamed message inside', () => {
  assert.equal(parseTrainerWire({ type: 'batch', messages: [epoch(0), { type: 'epoch', record: { epoch: -1 } }] }), undefined);
  assert.equal(parseTrainerWire({ type: 'batch', messages: [{ type: 'done', reason: 'completed', epochs: 1, monitor: 'loss', elapsedMs: 1 }] }), undefined);
  assert.equal(parseTrainerWire({ type: 'batch', messages: 'x' }), undefined);
  assert.equal(parseTrainerWire({ type: 'nope' }), undefined);
  assert.deepEqual(parseTrainerWire({ type: 'batch', messages: [] }), []);
  assert.deepEqual(parseTrainerWire(epoch(3)), [epoch(3)]);
});
