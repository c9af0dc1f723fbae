/**
 * What `model.fit(verbose=1|2)` printed, from Keras 2, tf.keras and Keras 3:
 *
 *   Epoch 82/1000                                   (the seed: Keras 2, verbose=2)
 *    - 0s - loss: 0.2036 - acc: 0.9144 - val_loss: 0.2400 - val_acc: 0.8885
 *   1250/1250 - 2s - 1ms/step - accuracy: 0.9144 - loss: 0.2036 - …   (Keras 3, verbose=2)
 *   1250/1250 ━━━━━━━━━━━━━━━━━━━━ 2s 1ms/step - accuracy: …          (Keras 3, verbose=1)
 *   40000/40000 [==============================] - 1s 25us/step - loss: …  (Keras 2, verbose=1)
 *
 * A progress bar redraws itself with `\r` (and Keras 2 first erases with `\b`), so every
 * epoch prints many partial lines; the last one with the fullest set of keys is the epoch's.
 * A line whose step counter has not reached its total (`5/13`) or that shows an ETA is a
 * running average, not a finished epoch: an epoch that never finishes (Ctrl+C) is left out.
 * Once an epoch has finished, a counter that restarts or has another total belongs to a
 * following `evaluate()`/`predict()`, not to the epoch. Keras 3 prints no `Epoch 1/1` header
 * for `fit(epochs=1)`: a finished progress line before any header is then that one epoch.
 */
import type { EpochLogs, EpochRecord, History } from '../shared/metrics';
import { logError, normalizeLogKey, parseLogNumber } from './log-keys';

/** `Epoch 82/1000`, possibly followed on the same line by the epoch's metrics. */
const EPOCH_HEADER = /^\s*Epoch\s+(\d+)\/(\d+)\b(.*)$/;
/** `loss: 0.2036` (keys may hold dots or slashes, e.g. `output_1/loss`). */
const METRIC = /^([A-Za-z_][\w./]*):\s*(\S+)$/;
/** `2s`, `120ms`, `25us`: a total time. */
const TOTAL_TIME = /^(\d+(?:\.\d+)?)(s|ms|us|µs)$/;
/** `1ms/step`, `25us/sample`, `2s/epoch`: a time per unit. */
const UNIT_TIME = /^(\d+(?:\.\d+)?)(s|ms|us|µs)\/(step|sample|epoch)$/;
/** `1250/1250`: steps (or samples, in Keras 2) done out of the total. */
const STEPS = /^(\d+)\/(\d+)$/;

/** Milliseconds per unit suffix. */
const MS: Readonly<Record<string, number>> = { s: 1000, ms: 1, us: 1e-3, µs: 1e-3 };

/** What one printed line (or progress-bar redraw) says. */
interface Segment {
  logs: EpochLogs;
  /** A redraw in the middle of the epoch (it shows an ETA). */
  eta: boolean;
  durationMs?: number;
  /** The step (or sample) counter `done/total`, when the line has one. */
  steps?: { done: number; total: number };
}

/** A segment that ends its epoch: no ETA, and a counter (if any) at its total. */
function finished(segment: Segment): boolean {
  return !segment.eta && (segment.steps === undefined || segment.steps.done >= segment.steps.total);
}

/** Reads one line's metrics and times; undefined when it holds no `key: value`. */
function readSegment(line: string): Segment | undefined {
  const logs: EpochLogs = {};
  let eta = false;
  let total: number | undefined;
  let perEpoch: number | undefined;
  let perUnit: number | undefined;
  let units: number | undefined;
  let steps: Segment['steps'];
  for (const rawPart of line.split(' - ')) {
    const part = rawPart.trim();
    if (part.startsWith('ETA:')) {
      eta = true;
      continue;
    }
    const metric = METRIC.exec(part);
    if (metric) {
      const value = parseLogNumber(metric[2]);
      if (value !== undefined) logs[normalizeLogKey(metric[1])] = value;
      continue;
    }
    for (const token of part.split(/\s+/)) {
      const counter = STEPS.exec(token);
      const unit = UNIT_TIME.exec(token);
      const time = TOTAL_TIME.exec(token);
      if (counter) {
        units = Number(counter[2]);
        steps ??= { done: Number(counter[1]), total: units };
      } else if (unit && unit[3] === 'epoch') perEpoch = Number(unit[1]) * MS[unit[2]];
      else if (unit) perUnit = Number(unit[1]) * MS[unit[2]];
      else if (time) total = Number(time[1]) * MS[time[2]];
    }
  }
  if (Object.keys(logs).length === 0) return undefined;
  // Whole seconds are coarse ("0s"), so a per-step time times the steps is preferred to them.
  const durationMs = perEpoch ?? (perUnit !== undefined && units !== undefined ? perUnit * units : total);
  const segment: Segment = { logs, eta };
  if (durationMs !== undefined) segment.durationMs = durationMs;
  if (steps) segment.steps = steps;
  return segment;
}

/** True when `next` shows every key `current` shows: a later redraw of the same epoch, not e.g. an evaluate() line. */
function supersedes(current: EpochLogs, next: EpochLogs): boolean {
  return Object.keys(current).every((k) => k in next);
}

/** The parsed runs of a text log; more than one when several `fit` calls printed into it. */
export interface TextLog {
  history: History;
  totalEpochs: number;
  /** True when the output printed epoch times (`0s`, `1ms/step`). */
  timed: boolean;
  /** Runs printed before the last one (their epochs restarted from 1), which are left out. */
  earlierRuns: number;
  /** What the user should know about left-out lines (an interrupted epoch). */
  notes: string[];
}

/** An epoch being read: its record, and what its lines showed so far. */
interface OpenEpoch {
  record: EpochRecord;
  /** A finished line was taken: the record holds the epoch's final logs. */
  done: boolean;
  /** Lines after the finish belong to something else (evaluate), until the next header. */
  closed: boolean;
  /** The counter of the last line taken. */
  steps?: { done: number; total: number };
}

/** Parses printed `model.fit` output; throws a located error when it has no `Epoch N/M` line. */
export function parseTextLog(text: string, file: string): TextLog {
  // Keras 2 erases a progress bar with backspaces before it redraws it after a \r; Keras 3 colours it with ANSI codes.
  const lines = text.replace(/\u0008|\u001b\[[0-9;]*[A-Za-z]/g, '').split(/\r\n|\r|\n/);
  let history: History = [];
  let totalEpochs = 0;
  let earlierRuns = 0;
  let timed = false;
  let headers = 0;
  const notes: string[] = [];
  let current: OpenEpoch | undefined;
  const close = (): void => {
    if (current?.done) history.push(current.record);
    else if (current?.steps) {
      notes.push(
        `Epoch ${current.record.epoch + 1} did not finish (its output stops at step ${current.steps.done}/${current.steps.total}); ` +
          'its running averages are left out.',
      );
    }
    current = undefined;
  };
  const take = (segment: Segment): void => {
    if (!current && headers === 0 && history.length === 0) {
      // Keras 3 fit(epochs=1): no "Epoch 1/1" header before the progress bar.
      current = { record: { epoch: 0, logs: {}, durationMs: 0 }, done: false, closed: false };
      totalEpochs = 1;
    }
    if (!current || current.closed) return;
    const last = current.steps;
    if (current.done && segment.steps && last && (segment.steps.total !== last.total || segment.steps.done < last.done)) {
      // A new counter after the epoch finished: evaluate() or predict() output, not this epoch.
      current.closed = true;
      return;
    }
    if (current.done && !finished(segment)) return;
    if (current.done && !supersedes(current.record.logs, segment.logs)) return;
    current.record.logs = segment.logs;
    if (segment.steps) current.steps = segment.steps;
    if (!segment.eta && segment.durationMs !== undefined) {
      current.record.durationMs = segment.durationMs;
      timed = true;
    }
    if (finished(segment)) current.done = true;
  };
  for (const line of lines) {
    const header = EPOCH_HEADER.exec(line);
    if (header) {
      close();
      headers++;
      const epoch = Number(header[1]) - 1;
      if (history.length > 0 && epoch <= history[history.length - 1].epoch) {
        earlierRuns++;
        history = [];
      }
      totalEpochs = Number(header[2]);
      current = { record: { epoch, logs: {}, durationMs: 0 }, done: false, closed: false };
      const rest = readSegment(header[3]);
      if (rest) take(rest);
      continue;
    }
    const segment = readSegment(line);
    if (segment) take(segment);
  }
  close();
  if (history.length === 0) {
    logError(
      file,
      text,
      0,
      'keras/no-epochs',
      notes.length > 0
        ? `No finished epoch found: ${notes[0]}`
        : "No finished epoch found: the text has no 'Epoch N/M' line followed by metrics such as 'loss: 0.2036'.",
      'Paste or open the output that model.fit(..., verbose=1 or 2) printed, including its "Epoch 1/…" lines.',
    );
  }
  return { history, totalEpochs, earlierRuns, timed, notes };
}
