/**
 * The slice of a loaded dataset the engines need. Structurally a subset of `Dataset` from
 * `src/data`, so engines and tests can be fed an in-memory dataset without the loader.
 */
import type { DatasetSummary, TrainingArrays } from '../shared/dataset';

/** Row-major features and labels; the first `trainRows` rows train, the rest validate. */
export interface EngineData extends TrainingArrays {
  summary: Pick<DatasetSummary, 'classes' | 'labelName'> & Partial<DatasetSummary>;
}
