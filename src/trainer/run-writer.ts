/**
 * Writes a run folder as training goes, so a crash or kill leaves a readable partial run:
 * every epoch row and event is written to the OS with one `writeSync` as it happens, and
 * `run.json` is replaced atomically (status `running` until the end).
 */
import { closeSync, mkdirSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { EpochRecord } from '../shared/metrics';
import type { RunEvent } from '../shared/protocol/trainer';
import { RUN_FILES, type RunInfo } from '../shared/run';
import type { FitwatchSpec } from '../shared/spec';
import { csvHeader, csvKeys, csvRow } from '../runs/metrics-csv';

/** run.json is rewritten at most this often during training (it is small, but a 1000-epoch fast run should not spend its time there). */
const INFO_INTERVAL_MS = 1000;

/** Writes `text` to `path` through a temporary file and a rename, so readers never see half of it. */
export function writeFileAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** The writer of one `.fitwatch/runs/<id>/` folder. */
export class RunWriter {
  readonly dir: string;
  private info: RunInfo;
  private metricsFd: number | undefined;
  private readonly timingsFd: number;
  private readonly eventsFd: number;
  private keys: string[] | undefined;
  private lastInfoWrite = 0;
  /** Time spent writing, for the bench's streaming-overhead figure. */
  writeMs = 0;

  /** Creates the folder and writes the spec snapshot and the initial run.json. */
  constructor(dir: string, info: RunInfo, spec: FitwatchSpec) {
    this.dir = dir;
    this.info = { ...info };
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, RUN_FILES.spec), `${JSON.stringify(spec, null, 2)}\n`);
    this.eventsFd = openSync(join(dir, RUN_FILES.events), 'a');
    this.timingsFd = openSync(join(dir, RUN_FILES.timings), 'a');
    writeSync(this.timingsFd, 'epoch,duration_ms\n');
    this.writeInfo();
  }

  /** The run.json contents as last set. */
  get current(): Readonly<RunInfo> {
    return this.info;
  }

  /** Appends one epoch row (the header comes from the first epoch's keys, as in CSVLogger). */
  appendEpoch(record: EpochRecord): void {
    const t0 = performance.now();
    if (this.metricsFd === undefined) {
      this.keys = csvKeys(record.logs);
      this.metricsFd = openSync(join(this.dir, RUN_FILES.metrics), 'w');
      writeSync(this.metricsFd, csvHeader(this.keys));
    }
    writeSync(this.metricsFd, csvRow(record.epoch, this.keys ?? [], record.logs));
    writeSync(this.timingsFd, `${record.epoch},${record.durationMs.toFixed(1)}\n`);
    this.info.epochs = record.epoch + 1;
    if (t0 - this.lastInfoWrite >= INFO_INTERVAL_MS) this.writeInfo();
    this.writeMs += performance.now() - t0;
  }

  /** Appends one event as a JSON line. */
  appendEvent(event: RunEvent): void {
    const t0 = performance.now();
    writeSync(this.eventsFd, `${JSON.stringify(event)}\n`);
    this.writeMs += performance.now() - t0;
  }

  /** Merges `patch` into run.json and writes it now. */
  update(patch: Partial<RunInfo>): void {
    this.info = { ...this.info, ...patch };
    this.writeInfo();
  }

  /** Final run.json, then closes the files. */
  finish(patch: Partial<RunInfo>): void {
    this.update({ endedAt: new Date().toISOString(), ...patch });
    this.close();
  }

  /** Closes the files without touching run.json (used when the process is going down anyway). */
  close(): void {
    for (const fd of [this.metricsFd, this.timingsFd, this.eventsFd]) {
      if (fd === undefined) continue;
      try {
        closeSync(fd);
      } catch {
        // Already closed: close() may run from both the normal end and an error path.
      }
    }
    this.metricsFd = undefined;
  }

  private writeInfo(): void {
    writeFileAtomically(join(this.dir, RUN_FILES.info), `${JSON.stringify(this.info, null, 2)}\n`);
    this.lastInfoWrite = performance.now();
  }
}
