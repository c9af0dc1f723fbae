/**
 * Command arguments, checked. Commands are called from menus (which pass their own objects:
 * the editor title passes `{ groupId }`, the explorer the selected Uris), from the palette
 * (nothing), and from tests and other extensions (ids and options). Pure, so tested in Node.
 */
import type { IfRunning } from './training/train-decision';

/** How a caller (a menu, the panel, a test) wants a Train handled. */
export interface TrainOptions {
  /** What to do if this spec is training already; `ask` (default) shows a modal prompt. */
  ifRunning?: IfRunning;
  /** Runs to overlay on the new run's curves. */
  compareWith?: string[];
  /** Open the curves panel (default true). */
  showCurves?: boolean;
  /** Show the cancellable progress notification (default true). */
  notify?: boolean;
}

/** Run ids are one path segment (they name `.fitwatch/runs/<id>`). */
const RUN_ID = /^(?!\.+$)[A-Za-z0-9._-]{1,128}$/;

/** Run ids given to a command: one id, or a list of ids; anything else is dropped. */
export function toRunIds(arg: unknown): string[] {
  const ids = Array.isArray(arg) ? arg : arg === undefined ? [] : [arg];
  return ids.filter((x): x is string => typeof x === 'string' && RUN_ID.test(x));
}

const IF_RUNNING: readonly IfRunning[] = ['ask', 'restart', 'keep', 'parallel'];

/** Train options from a command's second argument; only known fields of the right type count. */
export function toTrainOptions(arg: unknown): TrainOptions {
  if (typeof arg !== 'object' || arg === null || Array.isArray(arg)) return {};
  const o = arg as Record<string, unknown>;
  const out: TrainOptions = {};
  const ifRunning = IF_RUNNING.find((x) => x === o.ifRunning);
  if (ifRunning) out.ifRunning = ifRunning;
  if (Array.isArray(o.compareWith)) out.compareWith = toRunIds(o.compareWith);
  if (typeof o.showCurves === 'boolean') out.showCurves = o.showCurves;
  if (typeof o.notify === 'boolean') out.notify = o.notify;
  return out;
}

/** `{ overwrite: true }` from New Training Spec's second argument. */
export function toNewSpecOptions(arg: unknown): { overwrite: boolean } {
  return { overwrite: typeof arg === 'object' && arg !== null && (arg as Record<string, unknown>).overwrite === true };
}

/** The export format argument of Export Curves, if it is one. */
export function toExportFormat(arg: unknown): 'csv' | 'png' | undefined {
  return arg === 'csv' || arg === 'png' ? arg : undefined;
}

/** The run id in a restored panel's saved state, from whatever shape it was saved in. */
export function restoredRunId(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const [id] = toRunIds((state as Record<string, unknown>).runId);
  return id;
}
