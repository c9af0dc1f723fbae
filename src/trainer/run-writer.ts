/**
 * Writes a run folder as training goes, so a crash or kill leaves a readable partial run:
 * epoch rows and events reach the OS at most ROW_WINDOW_MS after they happen (one `writeSync`
 * per file per window, not per row: a fast epoch takes ~12 ms), always before a checkpoint or
 * run.json that counts them, and `run.json` is replaced atomically (status `running` until the end, with the trainer's pid and
 * start time so a reader can tell a dead run from a live one).
 *
 * The folder is opened before the data is loaded (`RunWriter.create`), so an unwritable
 * workspace is reported at once, not after a long load; `discard()` removes it again when the
 * run never started. `RunWriter.resume` reopens an interrupted run at its checkpoint.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, rmdirSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EpochRecord } from '../shared/metrics';
import type { RunEvent } from '../shared/protocol/trainer';
import { MODEL_FILES, RUN_FILES, type RunInfo, type RunStatus } from '../shared/run';
import { FitwatchError } from '../shared/location';
import { specSnapshotText } from '../shared/spec/snapshot';
import type { FitwatchSpec } from '../shared/spec';
import { csvHeader, csvKeys, csvRow } from '../runs/metrics-csv';
import { errnoCode } from '../shared/file-errors';
import { withLiveness } from '../runs/liveness';
import { asEnvironmentError, ensureRunsFolder, makeFolders } from '../runs/run-folder';
import { RUNS_FOLDER } from '../runs/run-id';
import { PREPROCESSING_FILE } from '../runs/preprocessing';
import { errorMessage } from '../shared/error-message';

/** run.json is rewritten at most this often during training (it is small, but a 1000-epoch fast run should not spend its time there). */
const INFO_INTERVAL_MS = 1000;

/** Rows and events are written at most this long after they happen (a kill -9 loses at most this much of the curve). */
export const ROW_WINDOW_MS = 50;

/** Writes `text` to `path` through a temporary file and a rename, so readers never see half of it. */
export function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * The temporary files this run's writers make beside the files they replace. A kill -9 between
 * the write and the rename leaves one behind; nothing reads it, and a resume removes it.
 */
export function runTemporaries(dir: string): string[] {
  const top = [RUN_FILES.info, RUN_FILES.checkpoint, PREPROCESSING_FILE].map((name) => join(dir, `${name}.tmp`));
  const models = [RUN_FILES.bestModel, RUN_FILES.finalModel].flatMap((model) => Object.values(MODEL_FILES).map((name) => join(dir, model, `${name}.tmp`)));
  return [...top, ...models];
}

/** This process's identity in run.json: a reader checks both before trusting `running`. */
export function processIdentity(): Pick<RunInfo, 'pid' | 'processStartMs' | 'hostPid'> {
  return { pid: process.pid, processStartMs: Math.round(performance.timeOrigin), hostPid: process.ppid };
}

/** Files a fresh run folder may already hold when the host or CLI created it (none: it is made empty). */
function isEmptyFolder(dir: string): boolean {
  return readdirSync(dir).length === 0;
}

/** Keeps the complete lines of `path` that `keep` accepts (the first line is kept as a header when `header`). */
function rewriteLines(path: string, keep: (line: string) => boolean, header: boolean): void {
  if (!existsSync(path)) return;
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.pop(); // a partial last line (killed mid-write) is dropped
  const out = lines.filter((l, i) => (header && i === 0) || (l.trim() !== '' && keep(l)));
  writeFileAtomically(path, out.length ? `${out.join('\n')}\n` : '');
}

/** `writeSync` that names the file in its error (an fd write error carries no path, and the user needs one). */
function writeTo(fd: number, text: string, path: string): void {
  try {
    writeSync(fd, text);
  } catch (err) {
    if (err instanceof Error && (err as NodeJS.ErrnoException).path === undefined) (err as NodeJS.ErrnoException).path = path;
    throw err;
  }
}

/** The writer of one `.fitwatch/runs/<id>/` folder. */
export class RunWriter {
  readonly dir: string;
  private info: RunInfo;
  private metricsFd: number | undefined;
  private timingsFd: number | undefined;
  private eventsFd: number | undefined;
  private keys: string[] | undefined;
  private lastInfoWrite = 0;
  private lastRowFlush = Number.NEGATIVE_INFINITY;
  private pendingMetrics = '';
  private pendingTimings = '';
  private pendingEvents = '';
  private ended = false;
  /** Time spent writing, for the bench's streaming-overhead figure. */
  writeMs = 0;

  private constructor(dir: string, info: RunInfo) {
    this.dir = dir;
    this.info = info;
  }

  /**
   * Opens a new run folder: creates it exclusively (or takes the empty one the host made), and
   * writes the spec snapshot and a first run.json. Environment problems (read-only, full,
   * permission denied) throw a FitwatchError naming the path.
   */
  static create(dir: string, info: RunInfo, spec: FitwatchSpec, workspaceRoot?: string): RunWriter {
    try {
      // Under the workspace's runs folder, a linked .fitwatch is refused (runs must stay inside).
      if (workspaceRoot !== undefined && dirname(dir) === join(workspaceRoot, RUNS_FOLDER)) ensureRunsFolder(workspaceRoot);
      else makeFolders(dirname(dir));
      try {
        mkdirSync(dir);
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST' || !isEmptyFolder(dir)) {
          if (errnoCode(err) === 'EEXIST') {
            throw new FitwatchError({
              code: 'runs/folder-in-use',
              message: `The run folder ${dir} already exists and is not empty: another run owns it.`,
              fix: 'Start the run again: a new run gets a new folder (to continue that run, resume it instead).',
              location: { file: dir },
            });
          }
          throw err;
        }
      }
      const w = new RunWriter(dir, { ...info, ...processIdentity() });
      writeFileSync(join(dir, RUN_FILES.spec), specSnapshotText(spec));
      w.writeInfo();
      return w;
    } catch (err) {
      throw asEnvironmentError(err, `write the run folder ${dir}`);
    }
  }

  /**
   * Reopens an interrupted run at its checkpoint of `epochs` completed epochs: rows, timings and
   * events after it are dropped (they are trained again, bit for bit), files are appended from
   * there, and the resume is recorded in run.json.
   */
  static resume(dir: string, epochs: number): RunWriter {
    const path = join(dir, RUN_FILES.info);
    let previous: RunInfo;
    try {
      previous = withLiveness(JSON.parse(readFileSync(path, 'utf8')) as RunInfo);
    } catch (err) {
      throw new FitwatchError({
        code: 'runs/resume-unreadable',
        message: `${path} cannot be read (${errorMessage(err)}), so the run cannot be resumed.`,
        fix: 'Start a new run instead.',
        location: { file: path },
      });
    }
    if (previous.status === 'running' && previous.pid !== process.pid) {
      throw new FitwatchError({
        code: 'runs/resume-running',
        message: `The run in ${dir} is still running (trainer pid ${previous.pid ?? 'unknown'}).`,
        fix: 'Stop it first, or wait for it to end; then resume it.',
        location: { file: path },
      });
    }
    const epochOf = (line: string): number => Number(line.slice(0, line.indexOf(',')));
    try {
      for (const tmp of runTemporaries(dir)) rmSync(tmp, { force: true });
      rewriteLines(join(dir, RUN_FILES.metrics), (l) => epochOf(l) < epochs, true);
      rewriteLines(join(dir, RUN_FILES.timings), (l) => epochOf(l) < epochs, true);
      rewriteLines(
        join(dir, RUN_FILES.events),
        (l) => {
          try {
            const e = JSON.parse(l) as RunEvent;
            return e.kind === 'resumed' || e.epoch < epochs;
          } catch {
            return false;
          }
        },
        false,
      );
    } catch (err) {
      throw asEnvironmentError(err, `rewrite the run folder ${dir} for the resume`);
    }
    const { endedAt: _e, error: _r, interruption, ...rest } = previous;
    const info: RunInfo = {
      ...rest,
      ...processIdentity(),
      status: 'running',
      epochs,
      resumes: [
        ...(previous.resumes ?? []),
        {
          at: new Date().toISOString(),
          fromEpoch: epochs,
          previousStatus: previous.status as RunStatus,
          ...((interruption ?? previous.error) ? { reason: interruption ?? previous.error } : {}),
        },
      ],
    };
    const w = new RunWriter(dir, info);
    const header = existsSync(join(dir, RUN_FILES.metrics)) ? readFileSync(join(dir, RUN_FILES.metrics), 'utf8').split('\n')[0] : '';
    if (header.startsWith('epoch,')) {
      w.keys = header.split(',').slice(1);
      w.metricsFd = openSync(join(dir, RUN_FILES.metrics), 'a');
    }
    w.writeInfo();
    return w;
  }

  /** The run.json contents as last set. */
  get current(): Readonly<RunInfo> {
    return this.info;
  }

  /** Opens the streams once the run is about to train (after the data loaded). */
  startStreams(): void {
    this.eventsFd ??= openSync(join(this.dir, RUN_FILES.events), 'a');
    if (this.timingsFd === undefined) {
      const path = join(this.dir, RUN_FILES.timings);
      const fresh = !existsSync(path) || readFileSync(path, 'utf8') === '';
      this.timingsFd = openSync(path, 'a');
      if (fresh) writeTo(this.timingsFd, 'epoch,duration_ms\n', path);
    }
  }

  /** Appends one epoch row (the header comes from the first epoch's keys, as in CSVLogger). */
  appendEpoch(record: EpochRecord): void {
    const t0 = performance.now();
    this.startStreams();
    if (this.metricsFd === undefined) {
      this.keys = csvKeys(record.logs);
      this.metricsFd = openSync(join(this.dir, RUN_FILES.metrics), 'w');
      writeTo(this.metricsFd, csvHeader(this.keys), join(this.dir, RUN_FILES.metrics));
    }
    this.pendingMetrics += csvRow(record.epoch, this.keys ?? [], record.logs);
    this.pendingTimings += `${record.epoch},${record.durationMs.toFixed(1)}\n`;
    this.info.epochs = record.epoch + 1;
    if (t0 - this.lastInfoWrite >= INFO_INTERVAL_MS) this.writeInfo();
    else if (t0 - this.lastRowFlush >= ROW_WINDOW_MS) this.writeRows();
    this.writeMs += performance.now() - t0;
  }

  /** Appends one event as a JSON line. */
  appendEvent(event: RunEvent): void {
    const t0 = performance.now();
    this.startStreams();
    this.pendingEvents += `${JSON.stringify(event)}\n`;
    if (t0 - this.lastRowFlush >= ROW_WINDOW_MS) this.writeRows();
    this.writeMs += performance.now() - t0;
  }

  /** Writes the rows and events not yet written (before anything that counts them: a checkpoint, run.json, the end). */
  flushRows(): void {
    const t0 = performance.now();
    this.writeRows();
    this.writeMs += performance.now() - t0;
  }

  private writeRows(): void {
    if (this.pendingMetrics === '' && this.pendingTimings === '' && this.pendingEvents === '') return;
    // The window runs from the last write, so a row after a quiet spell goes at once.
    this.lastRowFlush = performance.now();
    // Each buffer is emptied before its write: a failed write (full disk) is reported once, never written twice.
    const parts: [number | undefined, string, string][] = [
      [this.metricsFd, this.pendingMetrics, RUN_FILES.metrics],
      [this.timingsFd, this.pendingTimings, RUN_FILES.timings],
      [this.eventsFd, this.pendingEvents, RUN_FILES.events],
    ];
    this.pendingMetrics = this.pendingTimings = this.pendingEvents = '';
    for (const [fd, text, name] of parts) if (fd !== undefined && text !== '') writeTo(fd, text, join(this.dir, name));
  }

  /** Replaces the spec snapshot: a generated spec's head is settled only once every label is read. */
  rewriteSpec(spec: FitwatchSpec): void {
    const path = join(this.dir, RUN_FILES.spec);
    try {
      writeFileAtomically(path, specSnapshotText(spec));
    } catch (err) {
      throw asEnvironmentError(err, `write ${path}`);
    }
  }

  /** Merges `patch` into run.json without writing it (the next periodic or final write carries it). */
  note(patch: Partial<RunInfo>): void {
    this.info = { ...this.info, ...patch };
  }

  /** Merges `patch` into run.json and writes it now. */
  update(patch: Partial<RunInfo>): void {
    this.info = { ...this.info, ...patch };
    this.writeInfo();
  }

  /** Whether finish() ran. */
  get finished(): boolean {
    return this.ended;
  }

  /**
   * Final run.json, then closes the files. Never throws: it runs on every terminal path (signal,
   * crash, full disk), where a second error must not hide the first. Returns whether it wrote.
   */
  finish(patch: Partial<RunInfo>): boolean {
    if (this.ended) return true;
    this.ended = true;
    const { pid: _p, processStartMs: _s, hostPid: _h, ...rest } = { ...this.info, endedAt: new Date().toISOString(), ...patch };
    // An ended run keeps no pid: nothing should ever mistake it for a live one.
    this.info = rest;
    this.close();
    return this.writeInfoHard();
  }

  /** Writes what is pending, then closes the files without touching run.json. */
  close(): void {
    try {
      this.writeRows();
    } catch {
      // A full disk at the very end: the rows already written stay readable, and finish() must not throw.
    }
    for (const fd of [this.metricsFd, this.timingsFd, this.eventsFd]) {
      if (fd === undefined) continue;
      try {
        closeSync(fd);
      } catch {
        // Already closed: close() may run from both the normal end and an error path.
      }
    }
    this.metricsFd = this.timingsFd = this.eventsFd = undefined;
  }

  /** Removes a folder whose run never trained (bad data): only the files this writer made. */
  discard(): void {
    this.ended = true;
    this.close();
    for (const name of [RUN_FILES.info, RUN_FILES.spec, RUN_FILES.events, RUN_FILES.timings, `${RUN_FILES.info}.tmp`])
      rmSync(join(this.dir, name), { force: true });
    try {
      rmdirSync(this.dir);
    } catch {
      // Not empty (someone put files there) or already gone: leave it.
    }
  }

  private writeInfo(): void {
    // run.json's epoch count must never run ahead of the rows on disk.
    this.writeRows();
    writeFileAtomically(join(this.dir, RUN_FILES.info), `${JSON.stringify(this.info, null, 2)}\n`);
    this.lastInfoWrite = performance.now();
  }

  /** writeInfo, and on a full disk: free our temporary files and retry, then overwrite in place. */
  private writeInfoHard(): boolean {
    const path = join(this.dir, RUN_FILES.info);
    const text = `${JSON.stringify(this.info, null, 2)}\n`;
    try {
      this.writeInfo();
      return true;
    } catch {
      for (const tmp of [`${path}.tmp`, join(this.dir, `${RUN_FILES.checkpoint}.tmp`)]) rmSync(tmp, { force: true });
    }
    try {
      this.writeInfo();
      return true;
    } catch {
      // No room for a second copy: the old run.json's own blocks are reused by an in-place write.
    }
    try {
      writeFileSync(path, text);
      return true;
    } catch {
      return false;
    }
  }
}
