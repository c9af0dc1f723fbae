/**
 * Reads a TensorBoard logdir (every `*tfevents*` file below it, each folder a run) into a
 * Fitwatch History, once or as it grows. The tail keeps a byte offset per file and reads only
 * what was appended; a record still being written is read on the next pass. Node only.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { FitwatchError } from '../shared/location';
import { decodeTbEvent } from './tb-event';
import { scalarsToHistory, type ScalarSeries, type TbLog } from './tb-scalars';
import { readTfRecords } from './tfrecord';
import { errorMessage } from '../shared/error-message';

/** True for a TensorBoard event file name (`events.out.tfevents.<time>.<host>[.<pid>.<n>][.v2]`). */
export function isEventFile(name: string): boolean {
  return name.includes('tfevents');
}

/** Event files under `root` (or `root` itself when it is one), at most `depth` folders down. */
export function findEventFiles(root: string, depth = 8): string[] {
  if (statSync(root).isFile()) return isEventFile(basename(root)) ? [root] : [];
  const out: string[] = [];
  const walk = (dir: string, d: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(dir, name);
      let st;
      try {
        st = statSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory() && d > 0 && !name.startsWith('.')) walk(p, d - 1);
      else if (st.isFile() && isEventFile(name)) out.push(p);
    }
  };
  walk(root, depth);
  return out;
}

/** Whether `dir` holds TensorBoard event files (for callers choosing a reader). */
export function isLogdir(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory() && findEventFiles(dir, 4).length > 0;
}

/** Collects scalar points per run/tag from event files read in pieces. */
class ScalarCollector {
  private readonly series = new Map<string, ScalarSeries>();
  /** Tags that some event marked as another plugin's (histograms, text): never scalars. */
  private readonly foreign = new Set<string>();
  private readonly offsets = new Map<string, number>();

  constructor(private readonly root: string) {}

  /** Reads whatever was appended to `file` since the last call; true when new points arrived. */
  async readFile(file: string): Promise<boolean> {
    const from = this.offsets.get(file) ?? 0;
    const handle = await open(file, 'r');
    let bytes: Uint8Array;
    try {
      const { size } = await handle.stat();
      if (size < from) this.offsets.set(file, 0); // truncated: the writer started over
      const start = size < from ? 0 : from;
      if (size === start) return false;
      const buffer = Buffer.alloc(size - start);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      bytes = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
    const start = this.offsets.get(file) ?? 0;
    const { records, consumed } = readTfRecords(bytes, file, start);
    this.offsets.set(file, start + consumed);
    const rel = relative(this.root, statSync(this.root).isFile() ? this.root : dirname(file));
    const run = statSync(this.root).isFile() ? '' : rel === '' ? '' : rel;
    let added = false;
    for (const [i, record] of records.entries()) {
      let event;
      try {
        event = decodeTbEvent(record);
      } catch (err) {
        throw new FitwatchError({
          code: 'tensorboard/bad-event',
          message: `${file}: record ${i + 1} read from byte ${start} is not a TensorBoard Event (${errorMessage(err)}).`,
          fix: 'Point Fitwatch at a logdir written by the TensorBoard callback, SummaryWriter, tensorboardX or Lightning.',
          location: { file },
        });
      }
      for (const tag of event.skipped) this.foreign.add(`${run}\u0000${tag}`);
      for (const s of event.scalars) {
        const key = `${run}\u0000${s.tag}`;
        let series = this.series.get(key);
        if (!series) {
          series = { run, tag: s.tag, points: [] };
          this.series.set(key, series);
        }
        series.points.push({ step: s.step, wallTime: s.wallTime, value: s.value });
        added = true;
      }
    }
    return added;
  }

  /** The scalar series so far. */
  all(): ScalarSeries[] {
    return [...this.series.entries()].filter(([k]) => !this.foreign.has(k)).map(([, s]) => s);
  }
}

function noEvents(root: string): never {
  throw new FitwatchError({
    code: 'tensorboard/no-events',
    message: `${root} holds no TensorBoard event files (events.out.tfevents.*).`,
    fix: "Give the folder passed as log_dir to keras.callbacks.TensorBoard, SummaryWriter(log_dir=…) or Lightning's TensorBoardLogger (or one of its version_N folders).",
    location: { file: root },
  });
}

/** Reads a logdir (or one event file) into a history; throws a located FitwatchError when it cannot. */
export async function readLogdir(root: string): Promise<TbLog> {
  if (!existsSync(root)) noEvents(root);
  const files = findEventFiles(root);
  if (files.length === 0) noEvents(root);
  const collector = new ScalarCollector(root);
  for (const f of files) await collector.readFile(f);
  const log = scalarsToHistory(collector.all(), root);
  // Lightning writes version_0, version_1, … for each run: more than one is more than one run.
  const versions = new Set(files.map((f) => /(^|[\\/])version_\d+(?=[\\/])/.exec(relative(root, f))?.[0]).filter((v): v is string => v !== undefined));
  if (versions.size > 1)
    log.notes.push(
      `${root} holds ${versions.size} runs (${[...versions].map((v) => v.replace(/^[\\/]/, '')).join(', ')}); their curves are merged by epoch. Open one version folder to see one run.`,
    );
  return log;
}

/** Stops a tail. */
export interface Disposable {
  dispose(): void;
}

/** Tail options. */
export interface LogdirTailOptions {
  /** How often the logdir is checked for new files and bytes (default 1000 ms). */
  intervalMs?: number;
  /** A read that failed; the tail keeps going. */
  onError?: (error: unknown) => void;
}

/** Follows a live logdir: `onLog` gets the whole history again whenever new scalars arrived (and a loss curve exists). */
export function tailLogdir(root: string, onLog: (log: TbLog) => void, options: LogdirTailOptions = {}): Disposable {
  const collector = new ScalarCollector(root);
  let disposed = false;
  let running = false;
  const pass = async (): Promise<void> => {
    if (disposed || running) return;
    running = true;
    try {
      let added = false;
      for (const f of existsSync(root) ? findEventFiles(root) : []) {
        try {
          added = (await collector.readFile(f)) || added;
        } catch (err) {
          options.onError?.(err);
        }
      }
      if (added && !disposed) {
        try {
          onLog(scalarsToHistory(collector.all(), root));
        } catch (err) {
          // No loss curve yet (the first events are the graph and hyperparameters): wait for more.
          if (!(err instanceof FitwatchError && err.problem.code === 'tensorboard/no-loss')) options.onError?.(err);
        }
      }
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), options.intervalMs ?? 1000);
  void pass();
  return {
    dispose: () => {
      disposed = true;
      clearInterval(timer);
    },
  };
}
