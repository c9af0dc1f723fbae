/**
 * The bridge from the host to `src/coach`: a Coach per live run fed message by message, and
 * a one-shot diagnosis for runs read from disk. Thresholds come from `fitwatch.coach.*`.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import { Coach, DEFAULT_COACH_CONFIG, diagnose, resolveCoachConfig, type CoachConfig } from '../../coach/index';
import type { EpochRecord } from '../../shared/metrics';
import type { FitwatchSpec } from '../../shared/spec';
import type { Finding } from '../../shared/findings';
import { FitwatchError } from '../../shared/location';
import type { CoachFactory, RunCoach } from './training-session';

/** The coach thresholds set in `fitwatch.coach.<name>`, validated (throws a FitwatchError naming the setting). */
export function readCoachConfig(scope?: vscode.Uri): Partial<CoachConfig> {
  const c = vscode.workspace.getConfiguration('fitwatch.coach', scope);
  const partial: Partial<CoachConfig> = {};
  for (const key of Object.keys(DEFAULT_COACH_CONFIG) as (keyof CoachConfig)[]) {
    const v = c.get<unknown>(key);
    if (typeof v === 'number' && v !== DEFAULT_COACH_CONFIG[key]) partial[key] = v;
  }
  try {
    resolveCoachConfig(partial);
  } catch (e) {
    if (e instanceof FitwatchError) {
      throw new FitwatchError({
        code: e.problem.code,
        fix: e.problem.fix,
        message: `Setting fitwatch.coach: ${e.problem.message}`,
        location: { file: 'settings.json', jsonPath: ['fitwatch.coach'] },
      });
    }
    throw e;
  }
  return partial;
}

/** The raw JSON of a spec text, so fixes edit paths that exist in the user's file. */
function rawSpecOf(text: string): unknown {
  return parseJsonc(text, [], { allowTrailingComma: true });
}

/** Makes the live coach of a run; undefined when `fitwatch.coach.enabled` is off. */
export function makeCoachFactory(enabled: () => boolean, config: () => Partial<CoachConfig>): CoachFactory {
  return (spec: FitwatchSpec, specText: string): RunCoach | undefined => {
    if (!enabled()) return undefined;
    const coach = new Coach({ spec, rawSpec: rawSpecOf(specText), config: config() });
    return {
      setDataset: (summary) => coach.setDataset(summary),
      update: (record) => coach.update(record),
      health: (report) => coach.health(report),
      findings: (finished) => coach.findings({ fresh: finished }),
    };
  };
}

/** Diagnoses a finished run from disk (its spec copy and metrics history). */
export function diagnoseFinished(history: EpochRecord[], spec: FitwatchSpec, specText: string | undefined, config: Partial<CoachConfig>): Finding[] {
  return diagnose({ history, spec, finished: true, config, rawSpec: specText === undefined ? undefined : rawSpecOf(specText) });
}
