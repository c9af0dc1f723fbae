/** The `fitwatch.*` settings, read fresh each time so a change applies to the next run. */
import * as vscode from 'vscode';
import type { BackendChoice, EngineChoice } from '../shared/spec';

/** Settings a run starts with. */
export interface RunSettings {
  /** Undefined means "use the spec's field". */
  backend?: BackendChoice;
  engine?: EngineChoice;
  healthEvery: number;
  reduceLrFactor: number;
  stopTimeoutMs: number;
  coachEnabled: boolean;
  coachNotifications: boolean;
  /** `fitwatch.maxThreads` when set above 0; undefined lets the trainer leave a core free. */
  maxThreads?: number;
  /** Runs per spec retention keeps (`fitwatch.runs.keepPerSpec`); 0 keeps all. */
  keepRuns: number;
}

const BACKENDS: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const ENGINES: readonly EngineChoice[] = ['auto', 'tfjs', 'fast', 'keras'];

function pick<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === value);
}

function finiteIn(value: unknown, fallback: number, ok: (n: number) => boolean): number {
  return typeof value === 'number' && Number.isFinite(value) && ok(value) ? value : fallback;
}

/** Reads the settings for a resource (a spec), falling back to defaults on nonsense values. */
export function readRunSettings(scope?: vscode.Uri): RunSettings {
  const c = vscode.workspace.getConfiguration('fitwatch', scope);
  return {
    backend: pick(c.get('backend'), BACKENDS),
    engine: pick(c.get('engine'), ENGINES),
    healthEvery: Math.floor(finiteIn(c.get('healthEvery'), 10, (n) => n >= 0)),
    reduceLrFactor: finiteIn(c.get('reduceLrFactor'), 0.5, (n) => n > 0 && n < 1),
    stopTimeoutMs: finiteIn(c.get('stopTimeoutMs'), 5000, (n) => n >= 100),
    coachEnabled: c.get('coach.enabled') !== false,
    coachNotifications: c.get('coach.notifications') !== false,
    keepRuns: Math.floor(finiteIn(c.get('runs.keepPerSpec'), 20, (n) => n >= 0)),
    maxThreads: Math.floor(finiteIn(c.get('maxThreads'), 0, (n) => n >= 1)) || undefined,
  };
}
