/**
 * A uPlot path builder for the curve series, used instead of `uPlot.paths.linear()` because
 * building paths was most of a redraw at 10,000 epochs × 5 runs: the rows reaching it are
 * already decimated to at most two per pixel (decimate.ts), so uPlot's per-point scale
 * lookups and pixel accumulation buy nothing, and inline arithmetic is several times faster.
 * Gaps (null) start a new subpath rather than being clipped out afterwards; `undefined` rows
 * are skipped without breaking the line, as uPlot does.
 */
import type uPlot from 'uplot';

/** uPlot's BAND_CLIP_FILL flag: the only one a plain, unbanded line sets. */
const BAND_CLIP_FILL = 1;

/** A horizontal line path builder; `fwd` is the y scale's transform (identity, or log10). */
export function linePath(fwd: (v: number) => number): uPlot.Series.PathBuilder {
  return (u, seriesIdx, idx0, idx1) => {
    const xs = u.data[0];
    const ys = u.data[seriesIdx] as ArrayLike<number | null | undefined>;
    const stroke = new Path2D();
    const paths: uPlot.Series.Paths = { stroke, fill: null, clip: null, band: null, flags: BAND_CLIP_FILL };
    const sx = u.scales.x;
    const sy = u.scales.y;
    if (sx.min == null || sx.max == null || sy.min == null || sy.max == null) return paths;
    const { left, top, width, height } = u.bbox;
    const xk = width / (sx.max - sx.min || 1);
    const xMin = sx.min;
    const yTop = fwd(sy.max);
    const yk = height / (yTop - fwd(sy.min) || 1);
    let open = false;
    for (let i = idx0; i <= idx1; i++) {
      const v = ys[i];
      if (v === undefined) continue;
      if (v === null) {
        open = false;
        continue;
      }
      const px = Math.round(left + (xs[i] - xMin) * xk);
      const py = Math.round(top + (yTop - fwd(v)) * yk);
      if (open) stroke.lineTo(px, py);
      else {
        stroke.moveTo(px, py);
        open = true;
      }
    }
    return paths;
  };
}
