/** Exports rows as CSV (header `f0…,label`) so other tools, e.g. the PyTorch benchmark, train on the very same rows. */
import { open } from 'node:fs/promises';

/** What `writeCsv` needs: a `Dataset`, or the raw sample, both fit. */
export interface CsvExportable {
  x: Float32Array;
  y: Float32Array;
  rows: number;
  features: number;
  /** Width of a y row; one-hot rows (> 1) are written as the class index. */
  labelWidth?: number;
  summary?: { featureNames?: string[]; labelName?: string };
  featureNames?: string[];
  labelName?: string;
}

/** The shortest decimal that reads back as the same float32 (so a CSV round trip is exact and small). */
export function float32ToString(v: number): string {
  // Random float32s mostly need 8 digits: start at 7 and only look shorter when 7 already fits.
  const fits = (p: number): string | undefined => {
    const s = v.toPrecision(p);
    return Math.fround(Number(s)) === v ? String(Number(s)) : undefined;
  };
  // If p digits fit, p - 1 digits fit or nothing shorter does (the nearest p-digit decimal is at
  // least as close as every shorter one), so stepping down stops at the first miss.
  let best = fits(7);
  if (best !== undefined) {
    for (let p = 6; p >= 1; p--) {
      const s = fits(p);
      if (s === undefined) break;
      best = s;
    }
    return best;
  }
  return fits(8) ?? String(Number(v.toPrecision(9)));
}

function csvField(name: string): string {
  return /[",\r\n]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
}

/** Writes `data` to `path` as CSV: features, then the label. */
export async function writeCsv(path: string, data: CsvExportable): Promise<void> {
  const { x, y, rows, features } = data;
  const width = data.labelWidth ?? 1;
  const names = data.featureNames ?? data.summary?.featureNames ?? Array.from({ length: features }, (_, j) => `f${j}`);
  const labelName = data.labelName ?? data.summary?.labelName ?? 'label';
  const fh = await open(path, 'w');
  try {
    let out = [...names, labelName].map(csvField).join(',') + '\n';
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < features; j++) out += float32ToString(x[r * features + j]) + ',';
      let label = width > 1 ? 0 : y[r];
      for (let k = 1; k < width; k++) if (y[r * width + k] > y[r * width + label]) label = k;
      out += float32ToString(label) + '\n';
      if (out.length > 1 << 20) {
        await fh.write(out);
        out = '';
      }
    }
    await fh.write(out);
  } finally {
    await fh.close();
  }
}
