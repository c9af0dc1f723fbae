import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keyZoom } from '../../../src/webview/keyboard-zoom';

const run: [number, number] = [1, 101];

test('+ halves the window around its centre, down to two epochs', () => {
  assert.deepEqual(keyZoom('+', run, run), { window: [26, 76] });
  assert.deepEqual(keyZoom('=', [26, 76], run), { window: [38.5, 63.5] });
  assert.deepEqual(keyZoom('+', [50, 51], run), { window: [49.5, 51.5] });
});

test('− doubles the window, clamped to the run, and shows the whole run once it would cover it', () => {
  assert.deepEqual(keyZoom('-', [38.5, 63.5], run), { window: [26, 76] });
  assert.deepEqual(keyZoom('-', [1, 26], run), { window: [1, 51] }, 'clamped at the start');
  assert.deepEqual(keyZoom('-', [26, 76], run), { reset: true });
  assert.equal(keyZoom('-', run, run), undefined, 'nothing to zoom out of');
});

test('← and → pan a quarter window and stop at the run edges; Home and End jump there', () => {
  assert.deepEqual(keyZoom('ArrowRight', [26, 76], run), { window: [38.5, 88.5] });
  assert.deepEqual(keyZoom('ArrowRight', [50, 100], run), { window: [51, 101] });
  assert.deepEqual(keyZoom('ArrowLeft', [5, 45], run), { window: [1, 41] });
  assert.deepEqual(keyZoom('Home', [40, 60], run), { window: [1, 21] });
  assert.deepEqual(keyZoom('End', [40, 60], run), { window: [81, 101] });
  assert.equal(keyZoom('ArrowLeft', run, run), undefined, 'the whole run cannot pan: the key keeps its default');
});

test('0 and Escape reset a zoom; other keys and a one-epoch run do nothing', () => {
  assert.deepEqual(keyZoom('0', [40, 60], run), { reset: true });
  assert.deepEqual(keyZoom('Escape', [40, 60], run), { reset: true });
  assert.equal(keyZoom('Escape', run, run), undefined);
  assert.equal(keyZoom('a', [40, 60], run), undefined);
  assert.equal(keyZoom('+', [1, 1], [1, 1]), undefined);
});
