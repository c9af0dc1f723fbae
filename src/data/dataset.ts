/**
 * The loader's contract: what `loadDataset` returns and what it needs to know.
 * The trainer consumes `Dataset` directly; the host only ever sees `summary`.
 */
import type { DatasetSummary } from '../shared/dataset';
import type { LossName } from '../shared/spec';

/** A dataset ready for training: row-major features, labels encoded for the loss. */
export interface Dataset {
  /** rows * features, row-major, already normalised per spec (statistics from the training part only). */
  x: Float32Array;
  /** rows * labelWidth. */
  y: Float32Array;
  /** 1 for binary (0/1), sparse (class index) and regression; k for categoricalCrossentropy (one-hot). */
  labelWidth: number;
  rows: number;
  features: number;
  /** The first trainRows rows train, the rest are the validation tail (Keras: int(rows * (1 - validationSplit))). */
  trainRows: number;
  summary: DatasetSummary;
}

/** What the loader needs besides the data spec. */
export interface LoadOptions {
  /** Absolute workspace folder; data resolving outside it (also through symlinks) is refused. */
  workspaceRoot: string;
  /** Absolute folder data paths are relative to (the spec's folder). */
  baseDir: string;
  loss: LossName;
  validationSplit: number;
  signal?: AbortSignal;
}
