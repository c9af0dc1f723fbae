/**
 * Which log file each Keras run in the panel came from, kept in the workspace state: a Keras
 * run lives in memory, so after a window reload the panel serializer can only bring it back
 * by reading its log file again. Pure: the store is any get/update pair (VS Code's Memento).
 */

/** The part of VS Code's Memento this needs. */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/** One remembered run: its id, its log file, and the script it was tied to (if any). */
export interface RememberedKerasLog {
  runId: string;
  log: string;
  script?: string;
}

/** Workspace-state key of the list. */
export const REMEMBERED_KERAS_LOGS_KEY = 'fitwatch.keras.logs';
/** How many runs are remembered, newest first; older ones fall off. */
export const MAX_REMEMBERED_KERAS_LOGS = 20;

function isRemembered(v: unknown): v is RememberedKerasLog {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.runId === 'string' && typeof r.log === 'string' && (r.script === undefined || typeof r.script === 'string');
}

/** The remembered Keras logs of one workspace. */
export class RememberedKerasLogs {
  constructor(private readonly store: KeyValueStore) {}

  /** All of them, newest first; anything malformed in the store is skipped. */
  all(): RememberedKerasLog[] {
    const raw = this.store.get<unknown>(REMEMBERED_KERAS_LOGS_KEY);
    return Array.isArray(raw) ? raw.filter(isRemembered) : [];
  }

  /** The entry of `runId`, if remembered. */
  find(runId: string): RememberedKerasLog | undefined {
    return this.all().find((r) => r.runId === runId);
  }

  /** Remember (or refresh) `entry` as the newest. */
  async remember(entry: RememberedKerasLog): Promise<void> {
    const rest = this.all().filter((r) => r.runId !== entry.runId);
    const clean: RememberedKerasLog = entry.script ? { runId: entry.runId, log: entry.log, script: entry.script } : { runId: entry.runId, log: entry.log };
    await this.store.update(REMEMBERED_KERAS_LOGS_KEY, [clean, ...rest].slice(0, MAX_REMEMBERED_KERAS_LOGS));
  }

  /** Forget `runId` (its log file is gone). */
  async forget(runId: string): Promise<void> {
    const all = this.all();
    if (all.some((r) => r.runId === runId))
      await this.store.update(
        REMEMBERED_KERAS_LOGS_KEY,
        all.filter((r) => r.runId !== runId),
      );
  }
}
