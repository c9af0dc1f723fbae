/**
 * The loader's contract: what `loadDataset` returns and what it needs to know.
 * The trainer consumes `Dataset` directly; the host only ever sees `summary`.
 */
import type { DatasetSummary, TrainingArrays } from '../shared/dataset';
import type { ClassWeightSpec, LossName } from '../shared/spec';
import type { InputLayout } from './raw-table';

/** A dataset ready for training: row-major features, labels encoded for the loss. */
export interface Dataset extends TrainingArrays {
  summary: DatasetSummary;
  /** How file columns became features (absent for the embedded sample and npy files without a header). */
  layout?: InputLayout;
}

/** What the loader needs besides the data spec. */
export interface LoadOptions {
  /** Absolute workspace folder; data resolving outside it (also through symlinks) is refused. */
  workspaceRoot: string;
  /** Absolute folder data paths are relative to (the spec's folder). */
  baseDir: string;
  loss: LossName;
  validationSplit: number;
  /** fit.classWeight, turned into per-row weights of the training rows. */
  classWeight?: ClassWeightSpec;
  signal?: AbortSignal;
}
