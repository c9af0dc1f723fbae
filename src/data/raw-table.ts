/** What every reader produces: raw features and the raw label column, before split, encoding and normalisation. */
import type { DatasetSummary } from '../shared/dataset';
import type { Delimiter } from './csv-tokenizer';
import type { LabelSite, RawLabels } from './labels';

/** How the file's cells became features, so a saved model can read new rows the same way (preprocessing.json). */
export interface InputLayout {
  /** Every column in file order, label included. */
  columns: string[];
  /** Whether the first row was a header (JSONL objects: keyed by name, counted as a header). */
  header: boolean;
  /** 0-based column index of each feature, in feature order. */
  featureIndex: number[];
  labelIndex: number;
  /** Delimited text only: the field separator that was used. */
  delimiter?: Delimiter;
  /** Delimited text only: the decimal mark of the numbers. */
  decimal?: '.' | ',';
}

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
  /** How columns became features (absent for the embedded sample). */
  layout?: InputLayout;
}
