import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32c, maskedCrc32c } from '../../../src/keras/crc32c';
import { classifyTag, scalarsToHistory, type ScalarSeries } from '../../../src/keras/tb-scalars';
import { tensorScalar } from '../../../src/keras/tb-event';
import { readTfRecords } from '../../../src/keras/tfrecord';
import { FitwatchError } from '../../../src/shared/location';

/** One TFRecord around `data`, framed as TensorFlow writes it. */
function frame(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length, true);
  view.setUint32(8, maskedCrc32c(out, 0, 8), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

test('CRC-32C matches the standard check value', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
});

test('TFRecord framing: complete records are read, a record still being written waits, a bad checksum is a located error', () => {
  const a = frame(new Uint8Array([1, 2, 3]));
  const b = frame(new Uint8Array([4, 5]));
  const both = new Uint8Array([...a, ...b]);
  const whole = readTfRecords(both, 'f');
  assert.deepEqual(
    whole.records.map((r) => [...r]),
    [
      [1, 2, 3],
      [4, 5],
    ],
  );
  assert.equal(whole.consumed, both.length);
  const partial = readTfRecords(both.subarray(0, a.length + 5), 'f');
  assert.equal(partial.records.length, 1);
  assert.equal(partial.consumed, a.length);
  const bad = new Uint8Array(both);
  bad[a.length + 12] ^= 0xff; // a data byte of the second record
  assert.throws(
    () => readTfRecords(bad, 'events.out.tfevents.1', 100),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'tensorboard/corrupt-record' && /byte 1\d\d/.test(e.problem.message),
  );
});

test('scalar tensors of every numeric dtype decode; non-scalar shapes do not', () => {
  const f32 = new Uint8Array(new Float32Array([0.25]).buffer);
  assert.equal(tensorScalar({ dtype: 1, tensorContent: f32 }), 0.25);
  assert.equal(tensorScalar({ dtype: 1, floatVal: [0.5] }), 0.5);
  assert.equal(tensorScalar({ dtype: 2, doubleVal: [0.125] }), 0.125);
  assert.equal(tensorScalar({ dtype: 19, halfVal: [0x3c00] }), 1);
  assert.equal(tensorScalar({ dtype: 14, halfVal: [0x3f80] }), 1);
  assert.equal(tensorScalar({ dtype: 1, tensorShape: { dim: [{ size: 3 }] }, floatVal: [1, 2, 3] }), undefined);
  assert.equal(tensorScalar({ dtype: 7 }), undefined);
});

test('tags of Keras, SummaryWriter and Lightning map to Fitwatch log keys', () => {
  const cases: [string, string, string | undefined][] = [
    ['train', 'epoch_loss', 'loss'],
    ['validation', 'epoch_loss', 'val_loss'],
    ['validation', 'epoch_accuracy', 'val_acc'],
    ['train', 'epoch_learning_rate', 'learning_rate'],
    ['train', 'batch_loss', undefined],
    ['validation', 'evaluation_loss_vs_iterations', undefined],
    ['', 'Loss/train', 'loss'],
    ['', 'Loss/val', 'val_loss'],
    ['', 'Accuracy/validation', 'val_acc'],
    ['', 'train/loss', 'loss'],
    ['', 'train_loss', 'loss'],
    ['', 'val_loss', 'val_loss'],
    ['', 'train_loss_epoch', 'loss'],
    ['', 'lr-Adam', 'learning_rate'],
    ['', 'test_loss', undefined],
    ['', 'hp_metric', undefined],
    ['', 'mae', 'mae'],
  ];
  for (const [run, tag, key] of cases) {
    const c = classifyTag(run, tag);
    assert.equal(c === undefined || c === 'epoch' ? c : c.key, key, `${run}/${tag}`);
  }
  assert.equal(classifyTag('', 'epoch'), 'epoch');
});

const series = (run: string, tag: string, points: [number, number][]): ScalarSeries => ({
  run,
  tag,
  points: points.map(([step, value], i) => ({ step, value, wallTime: 1000 + i })),
});

test('a per-batch train loss with per-epoch validation averages the batches of each epoch', () => {
  const train = series('', 'Loss/train', [
    [10, 1],
    [20, 0.8],
    [30, 0.6],
    [40, 0.5],
    [50, 0.45],
    [60, 0.4],
  ]);
  const val = series('', 'Loss/val', [
    [30, 0.9],
    [60, 0.7],
  ]);
  const { history, notes } = scalarsToHistory([train, val], 'logs');
  assert.equal(history.length, 2);
  assert.ok(Math.abs((history[0].logs.loss ?? 0) - 0.8) < 1e-12);
  assert.ok(Math.abs((history[1].logs.loss ?? 0) - 0.45) < 1e-12);
  assert.equal(history[1].logs.val_loss, 0.7);
  assert.equal(notes.length, 1);
});

test('a restarted writer that logs a step again keeps the later value, and a logdir without a loss names its tags', () => {
  const a: ScalarSeries = {
    run: '',
    tag: 'loss',
    points: [
      { step: 0, value: 1, wallTime: 1 },
      { step: 1, value: 0.9, wallTime: 2 },
      { step: 1, value: 0.5, wallTime: 3 },
    ],
  };
  assert.deepEqual(
    scalarsToHistory([a], 'd').history.map((r) => r.logs.loss),
    [1, 0.5],
  );
  assert.throws(
    () => scalarsToHistory([series('', 'reward', [[0, 1]])], 'runs/x'),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'tensorboard/no-loss' && e.problem.message.includes('reward'),
  );
});
