/**
 * Where marker labels go on the top chart: each label takes the first of a few rows where it
 * clears the label before it, and a label that fits in no row is left out (its line stays).
 * Labels cycled over rows regardless of room piled up (7 in the first 50 epochs of one run).
 */

/** A label to place: its left edge and width, in canvas pixels. */
export interface LabelBox {
  x: number;
  width: number;
}

/** The row of each label (0 = top), or undefined for one that would overlap in every row. */
export function placeLabels(boxes: readonly LabelBox[], rows: number, gap: number): (number | undefined)[] {
  const order = boxes.map((_b, i) => i).sort((a, b) => boxes[a].x - boxes[b].x || a - b);
  const rightEdge: number[] = Array.from({ length: rows }, () => -Infinity);
  const out: (number | undefined)[] = boxes.map(() => undefined);
  for (const i of order) {
    const b = boxes[i];
    const row = rightEdge.findIndex((edge) => b.x >= edge + gap);
    if (row < 0) continue;
    out[i] = row;
    rightEdge[row] = b.x + b.width;
  }
  return out;
}
