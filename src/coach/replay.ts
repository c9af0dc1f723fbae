/**
 * What-if sentences for the panel and the CLI: what the callbacks the coach would suggest, with
 * the parameters it would choose, would have done on this recorded run.
 */
import type { History } from '../shared/metrics';
import type { EarlyStoppingSpec, FitwatchSpec, ReduceLROnPlateauSpec } from '../shared/spec';
import { chooseEarlyStoppingFor, chooseReduceLROnPlateauFor, defaultMonitor, type ChosenCallback } from './choose-callbacks';

/** The replays behind the sentences, for callers that want the numbers. */
export interface WhatIf {
  /** One sentence per callback the spec lacks, 1-based epochs as Keras prints them. */
  sentences: string[];
  earlyStopping?: ChosenCallback<EarlyStoppingSpec>;
  reduceLROnPlateau?: ChosenCallback<ReduceLROnPlateauSpec>;
}

/** Replays the suggested EarlyStopping and ReduceLROnPlateau (only those the spec does not have) over `history`. */
export function whatIf(history: History, spec: FitwatchSpec): WhatIf {
  const result: WhatIf = { sentences: [] };
  if (history.length === 0) return result;
  const monitor = defaultMonitor(history);
  if (!spec.callbacks.earlyStopping) {
    result.earlyStopping = chooseEarlyStoppingFor(history, monitor);
    result.sentences.push(`${result.earlyStopping.summary}.`);
  }
  if (!spec.callbacks.reduceLROnPlateau) {
    result.reduceLROnPlateau = chooseReduceLROnPlateauFor(history, monitor, spec.compile.optimizer.learningRate);
    result.sentences.push(
      `${result.reduceLROnPlateau.summary} (the recorded epochs all ran at the original rate, so this says when it would act, not how the curve would change).`,
    );
  }
  return result;
}
