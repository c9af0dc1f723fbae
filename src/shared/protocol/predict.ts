/**
 * CLI ⇄ predict child process (dist/predict.js): one request, one answer. The child loads tfjs;
 * the CLI never does.
 */
import type { Task } from '../dataset';
import type { Problem } from '../location';
import type { BackendChoice } from '../spec';

/** CLI → child: predict with one saved model of one run. */
export interface PredictRequest {
  type: 'predict';
  /** Absolute run folder. */
  runDir: string;
  /** How to name the run in messages (as typed). */
  runLabel: string;
  model: 'best' | 'final';
  /** Absolute data file. */
  dataPath: string;
  /** How to name the data file in messages (as typed). */
  dataLabel: string;
  /** Absolute output file; predictions go to stdout when absent. */
  outPath?: string;
  backend?: BackendChoice;
  /** Also answer each row's loss (cross-entropy or squared error), for paired comparisons of two models on the same rows. */
  rowLosses?: boolean;
}

/** child → CLI: the predictions are written. Scores are present when the file had the label column. */
export interface PredictResult {
  type: 'result';
  rows: number;
  task: Task;
  backend: string;
  model: 'best' | 'final';
  outPath?: string;
  /** Classification: share of rows whose predicted class is the label. */
  accuracy?: number;
  /** Classification: mean cross-entropy of the true class, the loss val_loss reports. */
  logLoss?: number;
  /** Regression: mean absolute and mean squared error against the label column. */
  mae?: number;
  mse?: number;
  /** When asked for and the file had the label column: each row's cross-entropy (classification) or squared error (regression). */
  rowLosses?: number[];
}

/** child → CLI: bad input or a failure. */
export interface PredictError {
  type: 'error';
  problem: Problem;
}

/** Everything the predict child sends. */
export type PredictToCli = PredictResult | PredictError;
