import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BENCH_PARTS, parseBenchOptions } from '../../../tools/bench/options';

test('defaults run every part with 3 measured epochs (fast 150, PyTorch 20)', () => {
  const o = parseBenchOptions([]);
  assert.equal(o.json, false);
  assert.equal(o.epochs, 3);
  assert.equal(o.fastEpochs, 150);
  assert.equal(o.torchEpochs, 20);
  assert.equal(o.scalingEpochs, 2);
  assert.deepEqual([...o.parts], [...BENCH_PARTS]);
  assert.equal(o.waitLoad, undefined);
});

test('--quick shrinks every epoch count; --epochs still wins for the tfjs engines', () => {
  const q = parseBenchOptions(['--quick']);
  assert.deepEqual([q.epochs, q.fastEpochs, q.torchEpochs, q.scalingEpochs], [1, 50, 5, 1]);
  const e = parseBenchOptions(['--quick', '--epochs', '4', '--json']);
  assert.equal(e.epochs, 4);
  assert.equal(e.fastEpochs, 200);
  assert.equal(e.json, true);
});

test('--only keeps the named parts and rejects unknown names with the valid list', () => {
  assert.deepEqual([...parseBenchOptions(['--only', 'fast, torch']).parts], ['fast', 'torch']);
  assert.throws(() => parseBenchOptions(['--only', 'fast,gpu']), /unknown part\(s\) "gpu"; choose from fast, tfjs-tensorflow/);
  assert.throws(() => parseBenchOptions(['--only', ',']), /\(none given\)/);
});

test('bad numbers and unknown flags fail with the usage', () => {
  assert.throws(() => parseBenchOptions(['--epochs', '0']), /--epochs must be a positive integer, got "0"[\s\S]*npm run bench/);
  assert.throws(() => parseBenchOptions(['--epochs', '2.5']), /positive integer/);
  assert.throws(() => parseBenchOptions(['--wait-load=-1']), /--wait-load must be a positive number/);
  assert.throws(() => parseBenchOptions(['--fast']), /Unknown option '--fast'[\s\S]*--only LIST/);
});

test('--wait-load and --wait-timeout are read as numbers', () => {
  const o = parseBenchOptions(['--wait-load', '1.5', '--wait-timeout', '30']);
  assert.equal(o.waitLoad, 1.5);
  assert.equal(o.waitTimeoutS, 30);
  assert.equal(parseBenchOptions(['-h']).help, true);
});

test('--out names a file for the JSON report', () => {
  assert.equal(parseBenchOptions(['--out', 'bench.json']).out, 'bench.json');
  assert.equal(parseBenchOptions([]).out, undefined);
  assert.throws(() => parseBenchOptions(['--out=']), /--out needs a file name/);
});

test('--load-procs sets the busy processes of the streaming-load part (default 2), and must be a positive integer', () => {
  assert.equal(parseBenchOptions([]).loadProcs, 2);
  assert.equal(parseBenchOptions(['--only', 'streaming-load', '--load-procs', '3']).loadProcs, 3);
  assert.throws(() => parseBenchOptions(['--load-procs', '0']), /--load-procs must be a positive integer/);
});
