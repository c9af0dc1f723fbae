import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTick, linearTicks, logTicks, niceStep } from '../../../src/webview/axis-ticks';

const gaps = (ticks: number[], min: number, max: number, px: number) => ticks.slice(1).map((v, i) => (Math.log10(v / ticks[i]) / Math.log10(max / min)) * px);

test('nice steps are 1, 2, 2.5 or 5 times a power of ten, never below the raw step', () => {
  assert.equal(niceStep(0.013), 0.02);
  assert.equal(niceStep(0.2), 0.2);
  assert.equal(niceStep(0.23), 0.25);
  assert.equal(niceStep(3.1), 5);
  assert.equal(niceStep(7), 10);
  assert.equal(niceStep(0), 1);
});

test('linear ticks are clean multiples of the step inside the range', () => {
  assert.deepEqual(linearTicks(0.11, 0.19, 0.02), [0.12, 0.14, 0.16, 0.18]);
  assert.deepEqual(linearTicks(-0.1, 0.1, 0.1), [-0.1, 0, 0.1]);
  assert.deepEqual(linearTicks(1, 0, 1), []);
});

test('a learning rate halved three times is labelled between the powers of ten', () => {
  // 0.01 → 0.00125 on the 130 px LR chart: uPlot's own log ticks kept only "0.01".
  const ticks = logTicks(0.0011, 0.011, 100, 18);
  assert.ok(ticks.length >= 3, `ticks: ${ticks}`);
  assert.ok(ticks.includes(0.01) && ticks.includes(0.002), `ticks: ${ticks}`);
  for (const g of gaps(ticks, 0.0011, 0.011, 100)) assert.ok(g >= 18, `gap ${g}px in ${ticks}`);
});

test('many decades in little room keep every k-th decade, and only round ones', () => {
  const ticks = logTicks(1e-9, 1e3, 100, 20);
  assert.ok(ticks.length >= 2 && ticks.length <= 6, `ticks: ${ticks}`);
  for (const v of ticks) assert.equal(Math.abs(Math.log10(v) % 1), 0, `${v} is a power of ten`);
  for (const g of gaps(ticks, 1e-9, 1e3, 100)) assert.ok(g >= 20);
});

test('wide ranges with room get 1-2-5 or denser ticks', () => {
  const ticks = logTicks(0.01, 10, 600, 30);
  assert.ok(ticks.includes(0.02) && ticks.includes(0.05) && ticks.includes(5), `ticks: ${ticks}`);
  for (const g of gaps(ticks, 0.01, 10, 600)) assert.ok(g >= 30);
});

test('a loss plateau under a decade gets linear steps', () => {
  const ticks = logTicks(0.11, 0.19, 240, 30);
  assert.ok(ticks.length >= 3, `ticks: ${ticks}`);
  assert.ok(ticks.every((v) => v >= 0.11 && v <= 0.19));
  const steps = new Set(ticks.slice(1).map((v, i) => Number((v - ticks[i]).toPrecision(6))));
  assert.equal(steps.size, 1, `even steps: ${ticks}`);
});

test('degenerate ranges do not throw', () => {
  assert.deepEqual(logTicks(0, 1, 100, 20), []);
  assert.deepEqual(logTicks(0.5, 0.5, 100, 20), [0.5]);
  assert.deepEqual(logTicks(0.1, 1, 0, 20), [0.1]);
});

test('tick labels are short', () => {
  assert.equal(formatTick(0.3), '0.3');
  assert.equal(formatTick(0.1 + 0.2), '0.3');
  assert.equal(formatTick(0.00125), '0.00125');
  assert.equal(formatTick(1e-5), '1e-5');
  assert.equal(formatTick(2.5e-5), '2.5e-5');
  assert.equal(formatTick(3e6), '3e6');
  assert.equal(formatTick(0), '0');
});
