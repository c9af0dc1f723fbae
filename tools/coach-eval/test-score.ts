/**
 * Scores a run on a held-out test file instead of its validation rows, for cases whose fix
 * changes which rows are validation: the delivered model (the restored best, else the final one)
 * and model-best (the epoch of the lowest val_loss) are both run through `fitwatch predict`'s child
 * on the same rows, so before and after are compared on one set. The per-row losses are kept so
 * the comparison's noise is the paired standard error over those rows, not a guess.
 */
import { join } from 'node:path';
import { FitwatchError } from '../../src/shared/location';
import { predictInChild } from '../../src/trainer/predict-client';
import { spread, type RunScore } from './score';
import type { TrainedRun } from './train-once';

async function testLosses(run: TrainedRun, model: 'best' | 'final', testFile: string): Promise<number[]> {
  const outPath = join(run.runDir, `test-${model}.csv`);
  const outcome = await predictInChild({ runDir: run.runDir, runLabel: run.runDir, model, dataPath: testFile, dataLabel: testFile, outPath, rowLosses: true });
  const answer = outcome.answer;
  if (answer?.type === 'error') throw new FitwatchError({ ...answer.problem, severity: 'error' });
  if (answer?.type !== 'result')
    throw new Error(`predict exited (code ${outcome.code}, signal ${outcome.signal}) without an answer:\n${outcome.stderr.slice(-2000)}`);
  // Cross-entropy per row for classification, squared error for regression: the loss val_loss reports.
  if ((answer.logLoss ?? answer.mse) === undefined || !answer.rowLosses)
    throw new Error(`predict scored no loss on ${testFile}: the file needs the label column.`);
  return answer.rowLosses;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The run's delivered and best loss on `testFile`, with their per-row losses; no epoch jitter, as no minimum over epochs is taken on it. */
export async function testScore(run: TrainedRun, restored: boolean, testFile: string): Promise<RunScore> {
  const best = await testLosses(run, 'best', testFile);
  const delivered = restored ? best : await testLosses(run, 'final', testFile);
  return { delivered: mean(delivered), best: mean(best), epochs: run.history.length, jitter: 0, rows: { delivered, best } };
}

/**
 * Per-row losses of the delivered model (the restored best, else the final one) and model-best on
 * `file`: on the run's own validation rows they give the paired band of a before/after comparison.
 */
export async function rowLosses(run: TrainedRun, restored: boolean, file: string): Promise<{ delivered: number[]; best: number[] }> {
  const best = await testLosses(run, 'best', file);
  return { delivered: restored ? best : await testLosses(run, 'final', file), best };
}

/** Two standard errors of the mean per-row difference between two models scored on the same rows. */
export function pairedBand(before: readonly number[], after: readonly number[]): number {
  if (before.length !== after.length || before.length < 2) return 0;
  return (2 * spread(before.map((b, i) => after[i] - b))) / Math.sqrt(before.length);
}
