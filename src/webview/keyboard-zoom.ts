/**
 * Zoom and pan from the keyboard on a focused chart, as a drag does with the mouse: + and −
 * halve and double the epoch window around its centre, ← and → move it by a quarter, Home and
 * End go to the run's start and end, 0 or Escape shows the whole run. Pure window arithmetic.
 */

/** The keys a chart answers, for `aria-keyshortcuts` and the hint. */
export const ZOOM_KEYS = ['+', '-', 'ArrowLeft', 'ArrowRight', 'Home', 'End', '0', 'Escape'] as const;

/** What a key does: show this epoch window, or the whole run again. */
export type KeyZoom = { window: [number, number] } | { reset: true };

/** The narrowest window a key zoom reaches, in epochs: two points still make a line. */
const MIN_SPAN = 2;

function clampWindow(min: number, max: number, lo: number, hi: number): [number, number] {
  const span = Math.min(max - min, hi - lo);
  let a = min;
  if (a < lo) a = lo;
  if (a + span > hi) a = hi - span;
  return [a, a + span];
}

/**
 * The window after `key`, given the shown window and the run's extent [first, last epoch];
 * undefined for a key that does nothing here (so the page keeps its default, e.g. scrolling).
 */
export function keyZoom(key: string, shown: [number, number], extent: [number, number]): KeyZoom | undefined {
  const [lo, hi] = extent;
  if (!(hi > lo)) return undefined;
  const [min, max] = shown;
  const span = Math.max(max - min, 0);
  const zoomed = span < hi - lo;
  switch (key) {
    case '+':
    case '=': {
      const half = Math.max(span / 2, MIN_SPAN) / 2;
      const mid = (min + max) / 2;
      return { window: clampWindow(mid - half, mid + half, lo, hi) };
    }
    case '-':
    case '_': {
      if (span * 2 >= hi - lo) return zoomed ? { reset: true } : undefined;
      const mid = (min + max) / 2;
      return { window: clampWindow(mid - span, mid + span, lo, hi) };
    }
    case 'ArrowLeft':
    case 'ArrowRight': {
      if (!zoomed) return undefined;
      const step = (key === 'ArrowLeft' ? -span : span) / 4;
      return { window: clampWindow(min + step, max + step, lo, hi) };
    }
    case 'Home':
      return zoomed ? { window: [lo, lo + span] } : undefined;
    case 'End':
      return zoomed ? { window: [hi - span, hi] } : undefined;
    case '0':
    case 'Escape':
      return zoomed ? { reset: true } : undefined;
    default:
      return undefined;
  }
}
