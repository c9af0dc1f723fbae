/** run.json's summary of the data a run trained on (the same for every engine). */
import type { Dataset } from '../data/dataset';
import type { RunInfo } from '../shared/run';

/** The `dataset` field of run.json for `data`. */
export function datasetInfo(data: Dataset): NonNullable<RunInfo['dataset']> {
  return {
    source: data.summary.source,
    rows: data.rows,
    features: data.features,
    task: data.summary.task,
    trainRows: data.summary.trainRows,
    valRows: data.summary.valRows,
  };
}
