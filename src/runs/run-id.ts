/** Run folder names: a UTC timestamp first so a plain sort is chronological, then a short name to recognise it by. */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A short, path-safe slug of a spec name (`seed: 64 → 16 …` → `seed-64-16`). */
export function runSlug(specName: string | undefined): string {
  const slug = (specName ?? 'run')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 24)
    .replace(/-+$/, '');
  return slug || 'run';
}

/** `20251127-010203-123-seed-64-16`: sortable, unique to the millisecond, readable. */
export function newRunId(specName: string | undefined, now: Date = new Date()): string {
  const stamp =
    `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-` +
    `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}-${pad(now.getUTCMilliseconds(), 3)}`;
  return `${stamp}-${runSlug(specName)}`;
}

/** The runs folder of a workspace. */
export const RUNS_FOLDER = '.fitwatch/runs';
