/**
 * The coach hook: after a run, the CLI asks the coach what it sees in the curves, exactly as the
 * panel would at the last epoch. A coach failure must never turn a good run into a failed one.
 */
import { diagnose } from '../coach';
import type { DatasetSummary } from '../shared/dataset';
import type { Finding } from '../shared/findings';
import type { History } from '../shared/metrics';
import type { LayerHealth } from '../shared/protocol/trainer';
import type { FitwatchSpec } from '../shared/spec';
import { errorMessage } from '../shared/error-message';

/** What the run produced, for the coach. */
export interface RunForCoach {
  spec: FitwatchSpec;
  rawSpec?: unknown;
  history: History;
  dataset?: DatasetSummary;
  health: { epoch: number; layers: LayerHealth[] }[];
}

/** The coach's findings for a finished run, or a note on why there are none. */
export function coachFindings(run: RunForCoach): { findings: Finding[]; error?: string } {
  if (run.history.length === 0) return { findings: [] };
  try {
    return {
      findings: diagnose({ history: run.history, spec: run.spec, rawSpec: run.rawSpec, dataset: run.dataset, health: run.health, finished: true }),
    };
  } catch (err) {
    return { findings: [], error: `the coach failed: ${errorMessage(err)}` };
  }
}
