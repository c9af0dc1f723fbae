/**
 * The runs folder's housekeeping, done when a run folder is about to be created: a
 * `.fitwatch/.gitignore` so runs never land in a commit (written once, never overwritten), and
 * retention: keep the newest N runs per spec, never removing a labelled run, one that is still
 * running, or one the new run is compared with. Pure Node, no vscode.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listRuns } from './read';
import { RUNS_FOLDER } from './run-id';
import { isLabelled } from './run-label';

/** `.fitwatch/.gitignore`: `*` ignores the folder's content, itself included. */
export const FITWATCH_GITIGNORE =
  '# Written by Fitwatch: training runs are local artefacts (curves, models), not sources.\n# Delete this file to commit runs on purpose.\n*\n';

/** What the housekeeping did. */
export interface Housekeeping {
  /** Whether `.fitwatch/.gitignore` was written now. */
  wroteGitignore: boolean;
  /** Run ids removed by retention, oldest first. */
  removed: string[];
}

/** Options for one new run. */
export interface RetentionOptions {
  /** The new run's spec, workspace-relative as run.json stores it; runs of other specs are left alone. */
  specPath?: string;
  /** Runs of this spec to keep, the new one included; 0 keeps every run. */
  keep: number;
  /** Run ids never removed now (e.g. the runs the new one is compared with). */
  protect?: readonly string[];
}

/** Writes `.fitwatch/.gitignore` unless a file of that name is there (the user's own is kept). */
export function ensureRunsGitignore(workspaceRoot: string): boolean {
  const dir = join(workspaceRoot, '.fitwatch');
  const file = join(dir, '.gitignore');
  if (existsSync(file)) return false;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, FITWATCH_GITIGNORE, { flag: 'wx' });
  return true;
}

/**
 * Run ids retention would remove for a new run of `specPath`: the oldest finished runs of that
 * spec beyond `keep - 1` (the new run takes the last place), skipping protected ones.
 */
export function runsToRemove(runs: readonly { id: string; specPath?: string; status: string; labelled: boolean }[], options: RetentionOptions): string[] {
  if (options.keep <= 0 || options.specPath === undefined) return [];
  const protect = new Set(options.protect ?? []);
  const ofSpec = runs.filter((r) => r.specPath === options.specPath).sort((a, b) => a.id.localeCompare(b.id));
  const removable = ofSpec.filter((r) => !r.labelled && r.status !== 'running' && !protect.has(r.id));
  // Labelled, running and protected runs count towards N but are never removed.
  const excess = ofSpec.length - (options.keep - 1);
  return excess > 0 ? removable.slice(0, excess).map((r) => r.id) : [];
}

/** Writes the .gitignore if needed and applies retention for a new run in `workspaceRoot`. */
export function prepareRunsFolder(workspaceRoot: string, options: RetentionOptions): Housekeeping {
  const wroteGitignore = ensureRunsGitignore(workspaceRoot);
  const listing = listRuns(workspaceRoot);
  const runs = listing.map((r) => ({ id: r.info.id, dir: r.dir, specPath: r.info.specPath, status: r.info.status, labelled: isLabelled(r.dir) }));
  const removed = runsToRemove(runs, options);
  const root = join(workspaceRoot, RUNS_FOLDER);
  for (const id of removed) {
    const dir = runs.find((r) => r.id === id)?.dir;
    // Only a direct child of the runs folder, never anything a strange id could point at.
    if (dir && dir === join(root, id.replace(/[/\\]/g, ''))) rmSync(dir, { recursive: true, force: true });
  }
  return { wroteGitignore, removed };
}
