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
  for (let p = 6; p < 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return String(Number(s));
  }
  return String(Number(v.toPrecision(9)));
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
