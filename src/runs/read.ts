/**
 * Reads run folders back: for the panel's history and comparisons, and for the CLI. Tolerant of
 * runs that are still being written or were cut short (a partial last line is ignored).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { History } from '../shared/metrics';
import type { RunEvent } from '../shared/protocol/trainer';
import { RUN_FILES, type RunInfo } from '../shared/run';
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

function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** Complete lines only: whatever follows the last newline is a line still being written. */
function completeLines(text: string): string[] {
  const lines = text.split('\n');
  lines.pop();
  return lines.filter((l) => l.trim() !== '');
}

function isRunEvent(v: unknown): v is RunEvent {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return typeof e.kind === 'string' && typeof e.epoch === 'number' && typeof e.message === 'string';
}

/** run.json, or a stand-in for a folder whose run.json is missing or unreadable. */
export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, RUN_FILES.info);
  try {
    const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as RunInfo).id === 'string') return parsed as RunInfo;
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
      if (isRunEvent(v)) events.push(v);
    } catch {
      // A corrupt line (disk full, editor save) loses that event, not the run.
    }
  }
  // A run killed mid-way has run.json from its last periodic write; the CSV is the truth for epochs.
  if (history.length > info.epochs) info.epochs = history.length;
  return { info, history, events };
}

/** Every run folder under `<workspaceRoot>/.fitwatch/runs`, oldest first (ids start with a UTC timestamp). */
export function listRuns(workspaceRoot: string): RunListing[] {
  const root = join(workspaceRoot, RUNS_FOLDER);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory())
    .sort()
    .map((name) => ({ dir: join(root, name), info: readRunInfo(join(root, name)) }));
}
