/**
 * Naming rules for datasets and the specs generated beside them. Pure path logic with
 * POSIX separators (workspace-relative paths in specs are always `/`-separated).
 */

/** Extensions Fitwatch reads as datasets (lower case, with the dot). */
export const DATA_EXTENSIONS = ['.csv', '.tsv', '.npy', '.jsonl'] as const;

/** The suffix that marks a training spec. */
export const SPEC_SUFFIX = '.fitwatch.json';

/** Whether a file name looks like a dataset Fitwatch can read. */
export function isDatasetFile(name: string): boolean {
  const lower = name.toLowerCase();
  return DATA_EXTENSIONS.some((e) => lower.endsWith(e));
}

/** Whether a file name is a training spec. */
export function isSpecFile(name: string): boolean {
  return name.toLowerCase().endsWith(SPEC_SUFFIX);
}

/** The base name without folders or extension: `data/seed.csv` → `seed`; `X_train.npy` → `X_train`. */
export function datasetStem(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

/** The spec name generated for a dataset: `seed.csv` → `seed.fitwatch.json`. */
export function specFileNameFor(dataPath: string): string {
  return `${datasetStem(dataPath)}${SPEC_SUFFIX}`;
}

/** The spec's display name: its file name without `.fitwatch.json`. */
export function specDisplayName(specPath: string): string {
  const base = specPath.split(/[\\/]/).pop() ?? specPath;
  return isSpecFile(base) ? base.slice(0, -SPEC_SUFFIX.length) : base;
}

/**
 * For `X.npy`, the labels file next to it that the spec should name: `X_train.npy` →
 * `y_train.npy`, `X.npy` → `y.npy`, `features.npy` → `labels.npy`, when present in `siblings`.
 */
export function guessLabelsFile(dataName: string, siblings: readonly string[]): string | undefined {
  if (!dataName.toLowerCase().endsWith('.npy')) return undefined;
  const candidates = [dataName.replace(/^X/, 'y'), dataName.replace(/^x/, 'y'), dataName.replace(/features/i, 'labels'), dataName.replace(/data/i, 'labels')];
  return candidates.find((c) => c !== dataName && siblings.includes(c));
}

/** `a/b/c` relative to root `a`, with `/` separators; undefined when outside the root. */
export function relativeInside(root: string, path: string): string | undefined {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const r = norm(root);
  const p = norm(path);
  if (p === r) return '';
  return p.startsWith(r + '/') ? p.slice(r.length + 1) : undefined;
}
