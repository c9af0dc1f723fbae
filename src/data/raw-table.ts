/** What every reader produces: raw features and the raw label column, before split, encoding and normalisation. */
import type { DatasetSummary } from '../shared/dataset';
import type { LabelSite, RawLabels } from './labels';

/** A table as read from a file: features as floats, labels not yet checked against the loss. */
export interface RawTable {
  format: DatasetSummary['format'];
  /** Workspace-relative path (or `sample:seed`), used as `location.file`. */
  source: string;
  /** rows * features, row-major, raw values. */
  x: Float32Array;
  rows: number;
  features: number;
  /** Every column, label included, in file order (JSONL: the first object's keys). */
  columns: string[];
  featureNames: string[];
  labelName: string;
  labels: RawLabels;
  /** Where row `r`'s label is, for label errors. */
  labelSite(row: number): LabelSite;
}
