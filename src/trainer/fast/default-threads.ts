/** How many threads the fast engine may use when neither the setting nor the CLI says. */
import { availableParallelism } from 'node:os';

/** One fewer than the cores, at least 1: the editor (or the shell) keeps a core. */
export function defaultMaxThreads(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}
