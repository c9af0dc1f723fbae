/**
 * Checks what the panel drew against a run's metrics.csv, point by point: shared by the
 * Chromium run-switch test and the e2e Open Run test, so "the panel draws exactly the run it
 * names" means the same thing in both.
 */
import type { DrawnChart } from '../../src/webview/debug-hook';
import { parseMetricsCsv } from '../../src/runs/metrics-csv';
import { smoothEma } from '../../src/shared/smoothing';

/** metrics.csv as columns: row i = epoch i (0-based), NaN where the row or key is missing. */
export function csvColumns(csvText: string): { rows: number; columns: Map<string, Float64Array> } {
  const parsed = parseMetricsCsv(csvText);
  const rows = parsed.reduce((n, r) => Math.max(n, r.epoch + 1), 0);
  const columns = new Map<string, Float64Array>();
  for (const r of parsed) {
    for (const [key, v] of Object.entries(r.logs)) {
      let col = columns.get(key);
      if (!col) {
        col = new Float64Array(rows).fill(NaN);
        columns.set(key, col);
      }
      col[r.epoch] = v;
    }
  }
  return { rows, columns };
}

function same(drawn: number | null | undefined, want: number, tolerance: number): boolean {
  if (!Number.isFinite(want)) return drawn === null || drawn === undefined || Number.isNaN(drawn);
  return typeof drawn === 'number' && Math.abs(drawn - want) <= tolerance * Math.max(1, Math.abs(want));
}

/**
 * Every mismatch between the main run's drawn points and `csvText` (empty: all equal).
 * `smoothing` is the panel's weight: smoothed series must equal the debiased EMA of the CSV
 * column, raw and plain series the column itself. Runs must be short enough not to be
 * decimated (one drawn point per epoch), which is itself checked.
 */
export function drawnMismatches(drawn: readonly DrawnChart[], csvText: string, runId: string, smoothing: number, tolerance = 1e-12): string[] {
  const { rows, columns } = csvColumns(csvText);
  const out: string[] = [];
  if (rows === 0) return ['metrics.csv has no rows'];
  const seen = new Set<string>();
  for (const chart of drawn) {
    for (const s of chart.series) {
      if (!s.main) continue;
      const where = `${chart.chart}/${s.id}`;
      if (s.runId !== runId) out.push(`${where}: drawn for run ${s.runId}, expected ${runId}`);
      seen.add(s.key);
      const col = columns.get(s.key);
      if (!col) {
        out.push(`${where}: key ${s.key} is not in metrics.csv`);
        continue;
      }
      if (chart.chart === 'lr') {
        // The LR chart keeps only the change points of its step function, spanning every epoch.
        if (chart.x[chart.x.length - 1] !== rows) out.push(`${where}: last x ${chart.x[chart.x.length - 1]}, expected ${rows}`);
        chart.x.forEach((epoch, i) => {
          if (!same(s.values[i], col[epoch - 1], tolerance)) out.push(`${where} epoch ${epoch}: drew ${s.values[i]}, metrics.csv has ${col[epoch - 1]}`);
        });
        continue;
      }
      if (chart.x.length !== rows) {
        out.push(`${where}: ${chart.x.length} x values for ${rows} metrics.csv rows`);
        continue;
      }
      const want = s.kind === 'smoothed' && smoothing > 0 ? smoothEma(col, smoothing) : col;
      for (let i = 0; i < rows; i++) {
        if (chart.x[i] !== i + 1) out.push(`${where}: x[${i}] = ${chart.x[i]}`);
        if (!same(s.values[i], want[i], tolerance)) out.push(`${where} epoch ${i + 1}: drew ${s.values[i]}, expected ${want[i]} from metrics.csv`);
      }
    }
  }
  for (const key of columns.keys()) if (!seen.has(key)) out.push(`metrics.csv key ${key} is not drawn`);
  return out.length > 20 ? [...out.slice(0, 20), `… and ${out.length - 20} more`] : out;
}
