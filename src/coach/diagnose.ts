/**
 * Stateless diagnosis of a run (finished or not): replays the history through a Coach, so a
 * finished run gets exactly the findings the live panel would show at its last epoch.
 */
import type { DatasetSummary } from '../shared/dataset';
import type { Finding } from '../shared/findings';
import type { History } from '../shared/metrics';
import type { LayerHealth } from '../shared/protocol/trainer';
import type { FitwatchSpec } from '../shared/spec';
import { Coach } from './coach';
import type { CoachConfig } from './config';

/** Everything `diagnose` looks at. */
export interface DiagnoseInput {
  history: History;
  spec: FitwatchSpec;
  dataset?: DatasetSummary;
  /** Gradient-health probes, in epoch order. */
  health?: { epoch: number; layers: LayerHealth[] }[];
  /** The run has ended: fixes are computed against the whole history. */
  finished: boolean;
  config?: Partial<CoachConfig>;
  /** The parsed JSON of the spec file, so fixes edit paths that exist there. */
  rawSpec?: unknown;
}

/** The findings open at the last epoch of `history`, errors first, each with its fixes. */
export function diagnose(input: DiagnoseInput): Finding[] {
  const coach = new Coach({ spec: input.spec, rawSpec: input.rawSpec, dataset: input.dataset, config: input.config });
  const health = [...(input.health ?? [])].sort((a, b) => a.epoch - b.epoch);
  let h = 0;
  for (const record of input.history) {
    coach.update(record);
    while (h < health.length && health[h].epoch <= record.epoch) coach.health(health[h++]);
  }
  while (h < health.length) coach.health(health[h++]);
  return coach.findings({ fresh: input.finished });
}
