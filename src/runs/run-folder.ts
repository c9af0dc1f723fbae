/**
 * Creates run folders. The leaf is made with a non-recursive `mkdir`, which fails if it exists,
 * so two runs started in the same millisecond never share a folder: the second gets a `-2`
 * suffix. `.fitwatch` and `.fitwatch/runs` must be real folders inside the workspace, not
 * links that would write runs elsewhere.
 */
import { lstatSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FitwatchError } from '../shared/location';
import { errnoCode } from '../shared/file-errors';
import { environmentProblem } from './fs-problems';
import { newRunId, RUNS_FOLDER } from './run-id';

/** A freshly created, empty run folder. */
export interface CreatedRunFolder {
  id: string;
  dir: string;
}

/** How many suffixes are tried before giving up (only reachable with a clock stuck in one millisecond). */
const MAX_ATTEMPTS = 100;

/** Throws a FitwatchError when `path` is a symbolic link (runs must stay inside the workspace). */
function refuseLink(path: string, name: string): void {
  let isLink = false;
  try {
    isLink = lstatSync(path).isSymbolicLink();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  if (isLink) {
    throw new FitwatchError({
      code: 'runs/folder-is-link',
      message: `${path} is a symbolic link; Fitwatch writes runs only into a real ${name} folder inside the workspace, so links that could point outside it are refused.`,
      fix: `Replace the link with a folder (e.g. \`rm ${path} && mkdir ${path}\`), moving the runs you want to keep into it.`,
      location: { file: path },
    });
  }
}

/**
 * `mkdir -p` one level at a time. Node's recursive mkdir reports a read-only file system as
 * ENOENT; made level by level, the real cause (EROFS, EACCES, ENOSPC) comes through.
 */
export function makeFolders(path: string): void {
  try {
    mkdirSync(path);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'EEXIST' && statSync(path).isDirectory()) return;
    if (code !== 'ENOENT' || dirname(path) === path) throw err;
    makeFolders(dirname(path));
    mkdirSync(path);
  }
}

/** Makes `<root>/.fitwatch/runs` (refusing links); throws a FitwatchError naming the path on EACCES, EROFS, ENOSPC… */
export function ensureRunsFolder(workspaceRoot: string): string {
  const fitwatch = join(workspaceRoot, '.fitwatch');
  const runs = join(workspaceRoot, RUNS_FOLDER);
  try {
    refuseLink(fitwatch, '.fitwatch');
    makeFolders(fitwatch);
    refuseLink(runs, '.fitwatch/runs');
    makeFolders(runs);
  } catch (err) {
    throw asEnvironmentError(err, `create the runs folder ${runs}`);
  }
  return runs;
}

/** The error to throw for `err`: a FitwatchError for environment problems, else `err` itself. */
export function asEnvironmentError(err: unknown, doing: string): unknown {
  if (err instanceof FitwatchError) return err;
  const problem = environmentProblem(err, doing);
  return problem ? new FitwatchError({ ...problem, severity: 'error' }) : err;
}

/** Creates a new, empty run folder `<root>/.fitwatch/runs/<id>` exclusively; the id is `newRunId(specName)`, suffixed on a clash. */
export function createRunFolder(workspaceRoot: string, specName: string | undefined, now: Date = new Date()): CreatedRunFolder {
  const runs = ensureRunsFolder(workspaceRoot);
  const base = newRunId(specName, now);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const id = attempt === 1 ? base : `${base}-${attempt}`;
    const dir = join(runs, id);
    try {
      mkdirSync(dir);
      return { id, dir };
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') continue;
      throw asEnvironmentError(err, `create the run folder ${dir}`);
    }
  }
  throw new FitwatchError({
    code: 'runs/folder-exists',
    message: `Could not create a new run folder: ${join(runs, base)} and ${MAX_ATTEMPTS - 1} suffixed names all exist.`,
    fix: 'Delete or move old runs out of .fitwatch/runs.',
    location: { file: runs },
  });
}
