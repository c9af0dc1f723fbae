/**
 * TensorBoard scalars to a Fitwatch History, whichever library wrote them:
 * - Keras' TensorBoard callback: run folders `train/` and `validation/`, tags `epoch_loss`,
 *   `epoch_accuracy`, `epoch_learning_rate`, step = 0-based epoch (batch-level tags skipped);
 * - torch.utils.tensorboard.SummaryWriter and tensorboardX: tags such as `Loss/train`,
 *   `Loss/val`, `Accuracy/validation`, `train/loss`, step = whatever the script passed;
 * - PyTorch Lightning: `train_loss`, `val_loss`, `*_epoch` / `*_step` variants, and an `epoch`
 *   scalar that maps its global steps to epochs.
 * Epoch i is the i-th distinct step of the epoch-level series, so 0-based, 1-based and
 * global-step x-axes all come out as epochs 0, 1, 2, … Pure.
 */
import { FitwatchError } from '../shared/location';
import type { EpochLogs, History } from '../shared/metrics';
import { normalizeLogKey } from './log-keys';

/** One point of a scalar series. */
export interface ScalarPoint {
  step: number;
  wallTime: number;
  value: number;
}

/** All points of one tag in one run folder (relative to the logdir; '' for the logdir itself). */
export interface ScalarSeries {
  run: string;
  tag: string;
  points: ScalarPoint[];
}

/** A logdir read into a history. */
export interface TbLog {
  history: History;
  /** Which writer the layout looks like. */
  writer: 'keras' | 'lightning' | 'summary-writer';
  /** What was left out or assumed, for the user. */
  notes: string[];
  /** Fitwatch key → the run/tag it came from. */
  sources: Record<string, string>;
}

type Split = 'train' | 'val';
type Level = 'epoch' | 'step' | 'unknown';

interface Classified {
  key: string;
  level: Level;
}

const TRAIN_WORDS = new Set(['train', 'training']);
const VAL_WORDS = new Set(['val', 'valid', 'validation', 'eval', 'evaluation']);
const SKIP_WORDS = new Set(['test', 'testing']);
const SKIP_TAGS = new Set(['hp_metric']);

/** The Fitwatch log key of a run folder + tag, or undefined for tags that are not per-epoch curves. */
export function classifyTag(run: string, tag: string): Classified | 'epoch' | undefined {
  const lower = tag.toLowerCase();
  if (lower === 'epoch') return 'epoch';
  if (SKIP_TAGS.has(lower) || lower.includes('vs_iterations') || lower.startsWith('batch_') || lower.includes('steps_per_second')) return undefined;
  const folder = run.split(/[\\/]/).filter(Boolean).pop()?.toLowerCase() ?? '';
  let split: Split | undefined = TRAIN_WORDS.has(folder) ? 'train' : VAL_WORDS.has(folder) ? 'val' : undefined;
  let level: Level = 'unknown';
  let rest = lower;
  if (rest.startsWith('epoch_')) {
    rest = rest.slice('epoch_'.length);
    level = 'epoch';
  }
  const words: string[] = [];
  for (const w of rest.split(/[/_\-\s.]+/).filter(Boolean)) {
    if (TRAIN_WORDS.has(w)) split ??= 'train';
    else if (VAL_WORDS.has(w)) split = 'val';
    else if (SKIP_WORDS.has(w)) return undefined;
    else if (w === 'epoch') level = 'epoch';
    else if (w === 'step') level = 'step';
    else words.push(w);
  }
  if (words.length === 0) return undefined;
  // `lr`, `lr-Adam` (Lightning's LearningRateMonitor), `learning_rate`.
  const name =
    words[0] === 'lr' || (words[0] === 'learning' && words[1] === 'rate') || words[0] === 'learningrate' ? 'learning_rate' : normalizeLogKey(words.join('_'));
  if (name === 'learning_rate') return { key: 'learning_rate', level };
  return { key: split === 'val' ? normalizeLogKey(`val_${name}`) : name, level };
}

const LEVEL_RANK: Record<Level, number> = { epoch: 0, unknown: 1, step: 2 };

function byStep(points: ScalarPoint[]): ScalarPoint[] {
  // Restarts write the same step again; the later write wins.
  const last = new Map<number, ScalarPoint>();
  for (const p of [...points].sort((a, b) => a.wallTime - b.wallTime)) last.set(p.step, p);
  return [...last.values()].sort((a, b) => a.step - b.step);
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function noLoss(source: string, series: ScalarSeries[]): never {
  const tags = [...new Set(series.map((s) => (s.run ? `${s.run}/${s.tag}` : s.tag)))].slice(0, 12);
  throw new FitwatchError({
    code: 'tensorboard/no-loss',
    message: `${source} has no loss curve Fitwatch recognises${tags.length ? ` (scalar tags: ${tags.join(', ')})` : ' (no scalar summaries at all)'}.`,
    fix: "Fitwatch reads epoch_loss (Keras' TensorBoard callback), Loss/train and Loss/val (SummaryWriter, tensorboardX) and train_loss / val_loss (Lightning); log the loss under one of these names.",
    location: { file: source },
  });
}

/** Builds the history; throws a FitwatchError naming the tags when there is no loss curve. */
export function scalarsToHistory(series: ScalarSeries[], source: string): TbLog {
  const notes: string[] = [];
  const chosen = new Map<string, { s: ScalarSeries; level: Level }>();
  let epochSeries: ScalarSeries | undefined;
  for (const s of series) {
    if (s.points.length === 0) continue;
    const c = classifyTag(s.run, s.tag);
    if (c === undefined) continue;
    if (c === 'epoch') {
      epochSeries = s;
      continue;
    }
    const prev = chosen.get(c.key);
    if (!prev || LEVEL_RANK[c.level] < LEVEL_RANK[prev.level]) chosen.set(c.key, { s, level: c.level });
  }
  if (!chosen.has('loss') && !chosen.has('val_loss')) noLoss(source, series);
  const keras = series.some((s) => /(^|[\\/])(train|validation)$/.test(s.run) && s.tag.startsWith('epoch_'));
  const writer: TbLog['writer'] = keras ? 'keras' : epochSeries ? 'lightning' : 'summary-writer';

  // Epoch of each point: Lightning's `epoch` scalar when there is one, else the i-th distinct step.
  let epochOf: (step: number) => number;
  let epochCount: number;
  if (epochSeries) {
    const marks = byStep(epochSeries.points);
    epochOf = (step) => {
      let e = marks[0].value;
      for (const m of marks) {
        if (m.step > step) break;
        e = m.value;
      }
      return Math.round(e);
    };
    const epochs = new Set(marks.map((m) => Math.round(m.value)));
    epochCount = Math.max(...epochs) + 1;
  } else {
    const perEpoch = [...chosen.values()].filter((c) => c.level !== 'step');
    const train = chosen.get('loss');
    const val = chosen.get('val_loss');
    let axisSeries = perEpoch.length > 0 ? perEpoch : [...chosen.values()];
    // Train logged per batch and validation per epoch: the validation steps are the epochs.
    if (train && val && val.s.points.length >= 2 && byStep(train.s.points).length > 2 * byStep(val.s.points).length) {
      axisSeries = [val];
      notes.push(
        `'${train.s.tag}' is logged ${train.s.points.length} times and '${val.s.tag}' ${val.s.points.length} times: each epoch's training value is the mean of the points logged up to its validation.`,
      );
    }
    const axis = [...new Set(axisSeries.flatMap((c) => c.s.points.map((p) => p.step)))].sort((a, b) => a - b);
    epochOf = (step) => {
      // The first axis step at or after `step`: a point belongs to the epoch it ends in.
      let lo = 0;
      let hi = axis.length - 1;
      if (step > axis[hi]) return axis.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (axis[mid] < step) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    epochCount = axis.length;
  }

  const logs: EpochLogs[] = Array.from({ length: epochCount }, () => ({}));
  const wall: number[] = new Array<number>(epochCount).fill(0);
  const sources: Record<string, string> = {};
  for (const [key, { s, level }] of chosen) {
    sources[key] = s.run ? `${s.run}/${s.tag}` : s.tag;
    const buckets = new Map<number, ScalarPoint[]>();
    for (const p of byStep(s.points)) {
      const e = epochOf(p.step);
      if (e < 0 || e >= epochCount) continue;
      buckets.set(e, [...(buckets.get(e) ?? []), p]);
    }
    for (const [e, points] of buckets) {
      // An epoch-level value is the last one written for the epoch; several per-batch values are averaged, as Keras' epoch logs are.
      logs[e][key] = level === 'epoch' ? points[points.length - 1].value : mean(points.map((p) => p.value));
      wall[e] = Math.max(wall[e], ...points.map((p) => p.wallTime));
    }
  }
  const history: History = [];
  logs.forEach((l, e) => {
    if (Object.keys(l).length === 0) return;
    const prev = e > 0 ? wall[e - 1] : 0;
    history.push({ epoch: e, logs: l, durationMs: prev > 0 && wall[e] > prev ? (wall[e] - prev) * 1000 : 0 });
  });
  return { history, writer, notes, sources };
}
