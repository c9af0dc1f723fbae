/**
 * Reads run folders back: for the panel's history and comparisons, and for the CLI. Tolerant of
 * runs that are still being written or were cut short (a partial last line is ignored).
 */
import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { FitwatchError } from '../shared/location';
import type { History } from '../shared/metrics';
import { parseRunEvent, type RunEvent } from '../shared/protocol/trainer';
import { RUN_FILES, type RunInfo } from '../shared/run';
import { withLiveness } from './liveness';
import { parseMetricsCsv } from './metrics-csv';
import { RUNS_FOLDER } from './run-id';
import { errorMessage } from '../shared/error-message';

/** One run on disk. */
export interface RunData {
  info: RunInfo;
  history: History;
  events: RunEvent[];
}

/** A run folder and its run.json. */
export interface RunListing {
  dir: string;
  info: RunInfo;
}

/** A run file's text; '' when it does not exist (yet, or any more). Other failures say which file. */
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (codeOf(err) === 'ENOENT') return '';
    throw new FitwatchError({
      code: 'runs/unreadable',
      message: `${path} cannot be read (${describeError(err)}).`,
      fix: 'Check the permissions of the run folder (it may belong to another user).',
      location: { file: path },
    });
  }
}

/** Complete lines only: whatever follows the last newline is a line still being written. */
function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.filter((l) => l.trim() !== '');
}

/** run.json, or a stand-in for a folder whose run.json is missing or unreadable; a dead `running` run reads `interrupted`. */
export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, RUN_FILES.info);
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as RunInfo).id === 'string') return withLiveness(parsed as RunInfo);
    return { id: basename(dir), status: 'failed', startedAt: '', epochs: 0, totalEpochs: 0, error: `${path}: not a run.json object` };
  } catch (err) {
    const reason = errorMessage(err);
    return { id: basename(dir), status: 'failed', startedAt: '', epochs: 0, totalEpochs: 0, error: `${path}: ${reason}` };
  }
}

/** Epoch durations from timings.csv, by epoch. */
function readTimings(dir: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const line of completeLines(readText(join(dir, RUN_FILES.timings))).slice(1)) {
    const [e, ms] = line.split(',').map(Number);
    if (Number.isInteger(e) && Number.isFinite(ms)) out.set(e, ms);
  }
  return out;
}

/** Reads one run folder: run.json, the metrics history and the events. */
export function readRun(dir: string): RunData {
  const info = readRunInfo(dir);
  const timings = readTimings(dir);
  const history: History = parseMetricsCsv(readText(join(dir, RUN_FILES.metrics))).map(({ epoch, logs }) => ({
    epoch,
    logs,
    durationMs: timings.get(epoch) ?? 0,
  }));
  const events: RunEvent[] = [];
  for (const line of completeLines(readText(join(dir, RUN_FILES.events)))) {
    try {
      const v: unknown = JSON.parse(line);
      const event = parseRunEvent(v);
      if (event) events.push(event);
    } catch {
      // A corrupt line (disk full, editor save) loses that event, not the run.
    }
  }
  // A run killed mid-way has run.json from its last periodic write; the CSV is the truth for epochs.
  if (history.length > info.epochs) info.epochs = history.length;
  return { info, history, events };
}

/** A run-folder entry the listing left out, and why. */
export interface SkippedRun {
  /** The entry's name in `.fitwatch/runs` (or the runs folder itself). */
  name: string;
  path: string;
  reason: string;
}

/** How `listRuns` reports what it skipped. */
export interface ListRunsOptions {
  /** Called once per skipped entry per listing (wrap it in `logEachOnce` to log each only once ever). */
  onSkip?(skipped: SkippedRun): void;
}

function codeOf(err: unknown): string {
  return err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : '';
}

function describeError(err: unknown): string {
  const code = codeOf(err);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'it vanished while being read';
  return code || errorMessage(err);
}

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Why `dir` (entry `name` of the runs folder) is not a listable run, or its run.json. */
function inspectEntry(root: string, realRoot: string, name: string): { info: RunInfo } | { skip?: string } {
  const dir = join(root, name);
  let link;
  try {
    link = lstatSync(dir);
  } catch (err) {
    return { skip: describeError(err) };
  }
  let target = link;
  if (link.isSymbolicLink()) {
    let real;
    try {
      real = realpathSync(dir);
      target = statSync(real);
    } catch (err) {
      return {
        skip: codeOf(err) === 'ENOENT' ? 'a symbolic link whose target does not exist' : `a symbolic link that cannot be followed (${describeError(err)})`,
      };
    }
    if (!isInside(realRoot, real)) return { skip: `a symbolic link to ${real}, outside the workspace` };
  }
  if (!target.isDirectory()) return {}; // a stray file is not a run, and not worth a log line
  let text;
  try {
    text = readFileSync(join(dir, RUN_FILES.info), 'utf8');
  } catch (err) {
    return {
      skip:
        codeOf(err) === 'ENOENT'
          ? `no ${RUN_FILES.info} (a run folder still being created, or a half-written one)`
          : `${RUN_FILES.info} cannot be read (${describeError(err)})`,
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { skip: `${RUN_FILES.info} is not valid JSON (half-written or damaged)` };
  }
  const i = parsed as Partial<RunInfo> | null;
  if (typeof i !== 'object' || i === null || typeof i.id !== 'string' || typeof i.status !== 'string') {
    return { skip: `${RUN_FILES.info} is not a Fitwatch run description (no id or status)` };
  }
  return { info: parsed as RunInfo };
}

/**
 * Every readable run folder under `<workspaceRoot>/.fitwatch/runs`, oldest first (ids start with
 * a UTC timestamp). Broken entries (dangling or escaping links, unreadable or half-written
 * folders) are left out and named through `onSkip`, so one bad entry never breaks the list.
 */
export function listRuns(workspaceRoot: string, opts: ListRunsOptions = {}): RunListing[] {
  const root = join(workspaceRoot, RUNS_FOLDER);
  const skip = (name: string, path: string, reason: string): void => opts.onSkip?.({ name, path, reason });
  let names: string[];
  let realRoot: string;
  try {
    names = readdirSync(root);
    realRoot = realpathSync(workspaceRoot);
  } catch (err) {
    if (codeOf(err) !== 'ENOENT') skip(RUNS_FOLDER, root, `the runs folder cannot be listed (${describeError(err)})`);
    return [];
  }
  const out: RunListing[] = [];
  for (const name of names.sort()) {
    const r = inspectEntry(root, realRoot, name);
    if ('info' in r) out.push({ dir: join(root, name), info: r.info });
    else if (r.skip) skip(name, join(root, name), r.skip);
  }
  return out;
}

/** Wraps a log so each skipped entry (by path and reason) is named once, however often the list is read. */
export function logEachOnce(log: (line: string) => void): (skipped: SkippedRun) => void {
  const seen = new Set<string>();
  return (s) => {
    const key = `${s.path}\0${s.reason}`;
    if (seen.has(key)) return;
    seen.add(key);
    log(`Skipped ${s.path}: ${s.reason}.`);
  };
}
