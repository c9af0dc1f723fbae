import assert from 'node:assert/strict';
import { test } from 'node:test';
import { placeLabels, type LabelBox } from '../../../src/webview/label-layout';

/** True when two placed labels share a row and their boxes (plus the gap) intersect. */
function overlaps(boxes: LabelBox[], rows: (number | undefined)[], gap: number): boolean {
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      if (rows[i] === undefined || rows[i] !== rows[j]) continue;
      const [a, b] = boxes[i].x <= boxes[j].x ? [boxes[i], boxes[j]] : [boxes[j], boxes[i]];
      if (b.x < a.x + a.width + gap) return true;
    }
  return false;
}

test('labels with room stay on the top row', () => {
  assert.deepEqual(
    placeLabels(
      [
        { x: 0, width: 50 },
        { x: 100, width: 50 },
        { x: 200, width: 50 },
      ],
      3,
      4,
    ),
    [0, 0, 0],
  );
});

test('crowded labels step down a row, and one that fits nowhere is left out', () => {
  const boxes = [0, 10, 20, 30].map((x) => ({ x, width: 60 }));
  assert.deepEqual(placeLabels(boxes, 3, 4), [0, 1, 2, undefined]);
});

test('order of the input does not matter: placement goes left to right', () => {
  assert.deepEqual(
    placeLabels(
      [
        { x: 100, width: 50 },
        { x: 0, width: 120 },
      ],
      2,
      4,
    ),
    [1, 0],
  );
});

test('a dense run of LR drops never overlaps, whatever the spacing', () => {
  for (const spacing of [1, 5, 13, 40, 70]) {
    const boxes = Array.from({ length: 30 }, (_v, i) => ({ x: i * spacing, width: 64 }));
    const rows = placeLabels(boxes, 3, 4);
    assert.equal(overlaps(boxes, rows, 4), false, `spacing ${spacing}`);
    assert.ok(rows.some((r) => r !== undefined));
  }
});
