/**
 * Paths read from a run folder (run.json's `specPath`, a spec snapshot's `data.path`, a Keras
 * run's script path) are data, not trust: a committed or downloaded run folder can name any
 * file. Every such path is resolved here against the workspace and checked twice, lexically and
 * by its real path (so a symlink inside the workspace that points out is refused too).
 */
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FitwatchError, type Problem } from '../shared/location';
import { errorMessage } from '../shared/error-message';

/** Which run-folder field a path came from, for messages. */
export type RunPathField = 'specPath' | 'data.path' | 'data.labelsPath' | 'scriptPath' | 'logPath' | (string & {});

/** A path that stays inside the workspace. */
export interface InsidePath {
  ok: true;
  /** Absolute path as resolved (symlinks not followed). */
  absPath: string;
  /** Absolute real path: symlinks resolved; for a path that does not exist yet, its real parent plus the rest. */
  realPath: string;
  /** Workspace-relative path with `/` separators. */
  relPath: string;
  /** Whether something exists at the path. */
  exists: boolean;
}

/** A refused path, with the problem to show. */
export interface RefusedPath {
  ok: false;
  problem: Problem;
}

/** What `resolveRunPath` returns. */
export type RunPathResult = InsidePath | RefusedPath;

/** How to resolve a path from a run folder. */
export interface RunPathOptions {
  /** Field name for messages. */
  field: RunPathField;
  /** The file the value was read from (run.json, the spec snapshot), for the problem's location. */
  source?: string;
  /** Folder a relative value resolves against; the workspace root when absent. */
  baseDir?: string;
  /** Refuse a path where nothing exists (default false: a path may name a file to be created). */
  mustExist?: boolean;
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err ? String((err as NodeJS.ErrnoException).code) : '';
}

/**
 * The real path of `p`: `realpath` when it exists, else the real path of its nearest existing
 * ancestor joined with the rest (a not-yet-created file under a linked folder is where the link goes).
 */
function realPathOf(p: string): { real: string; exists: boolean; dangling: boolean } {
  try {
    return { real: realpathSync(p), exists: true, dangling: false };
  } catch (err) {
    const code = errorCode(err);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
  let dangling = false;
  try {
    dangling = lstatSync(p).isSymbolicLink();
  } catch {
    // Nothing at p at all: a plain missing path.
  }
  const parent = dirname(p);
  if (parent === p) return { real: p, exists: false, dangling };
  const up = realPathOf(parent);
  return { real: join(up.real, basename(p)), exists: false, dangling: dangling || up.dangling };
}

function refuse(opts: RunPathOptions, value: string, message: string, fix: string, code = 'runs/path-outside-workspace'): RefusedPath {
  return {
    ok: false,
    problem: { severity: 'error', code, message, fix, location: { file: opts.source ?? value, ...(opts.source ? { jsonPath: opts.field.split('.') } : {}) } },
  };
}

/** Resolves `value` (read from a run folder's `field`) against the workspace; refuses anything that leaves it. */
export function resolveRunPath(workspaceRoot: string, value: unknown, opts: RunPathOptions): RunPathResult {
  const from = opts.source ? ` in ${opts.source}` : '';
  if (typeof value !== 'string' || value.trim() === '' || value.includes('\0')) {
    return refuse(
      opts,
      String(value),
      `${opts.field}${from} is ${JSON.stringify(value)}, not a file path.`,
      'The run folder is damaged or was not written by Fitwatch; open the spec or script directly instead.',
      'runs/bad-path',
    );
  }
  const root = resolve(workspaceRoot);
  const absPath = resolve(opts.baseDir ?? root, value);
  if (!inside(root, absPath)) {
    return refuse(
      opts,
      value,
      `${opts.field} "${value}"${from} points to ${absPath}, which is outside the workspace ${root}. Fitwatch does not read or write files outside the workspace on a run folder's say-so.`,
      'If the run folder came from somewhere else, open its spec from inside this workspace instead; a run folder written by Fitwatch only names files inside it.',
    );
  }
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch (err) {
    return refuse(
      opts,
      value,
      `The workspace folder ${root} cannot be resolved: ${errorMessage(err)}.`,
      'Check that the workspace folder exists and is readable.',
      'runs/workspace-unreadable',
    );
  }
  let real;
  try {
    real = realPathOf(absPath);
  } catch (err) {
    return refuse(
      opts,
      value,
      `${opts.field} "${value}"${from} cannot be resolved (${errorCode(err) || errorMessage(err)}).`,
      'Check the permissions of the folders on the way to it.',
      'runs/path-unreadable',
    );
  }
  if (!inside(realRoot, real.real)) {
    return refuse(
      opts,
      value,
      `${opts.field} "${value}"${from} goes through a symbolic link to ${real.real}, which is outside the workspace ${realRoot}.`,
      'Replace the link with a copy of the file inside the workspace, or open the file directly.',
    );
  }
  if (opts.mustExist && !real.exists) {
    return refuse(
      opts,
      value,
      real.dangling
        ? `${opts.field} "${value}"${from} is a symbolic link whose target does not exist.`
        : `${opts.field} "${value}"${from} does not exist (looked for ${absPath}).`,
      'The file was moved or deleted since the run; open it from its new place.',
      'runs/path-missing',
    );
  }
  return { ok: true, absPath, realPath: real.real, relPath: (relative(root, absPath) || '.').split(sep).join('/'), exists: real.exists };
}

/** `resolveRunPath` that throws the refusal as a FitwatchError. */
export function requireRunPath(workspaceRoot: string, value: unknown, opts: RunPathOptions): InsidePath {
  const r = resolveRunPath(workspaceRoot, value, opts);
  if (!r.ok) throw new FitwatchError({ ...r.problem, severity: 'error' });
  return r;
}

/**
 * Checks that `.fitwatch` (and `.fitwatch/runs`) in the workspace is a real folder, not a link:
 * runs written through a link would land outside the workspace. Missing folders are fine (they
 * are created); returns the problem for a link or a non-folder, undefined when all is well.
 */
export function checkRunsFolder(workspaceRoot: string): Problem | undefined {
  const root = resolve(workspaceRoot);
  for (const rel of ['.fitwatch', join('.fitwatch', 'runs')]) {
    const p = join(root, rel);
    let info;
    try {
      info = lstatSync(p);
    } catch (err) {
      const code = errorCode(err);
      if (code === 'ENOENT') return undefined;
      return {
        severity: 'error',
        code: 'runs/folder-unreadable',
        message: `${p} cannot be read (${code || errorMessage(err)}).`,
        fix: 'Check the permissions of the workspace folder.',
        location: { file: p },
      };
    }
    if (info.isSymbolicLink()) {
      let target = '';
      try {
        target = realpathSync(p);
      } catch {
        target = 'a missing target';
      }
      return {
        severity: 'error',
        code: 'runs/folder-is-link',
        message: `${rel.split(sep).join('/')} in the workspace is a symbolic link (to ${target}); Fitwatch does not write runs through a link, since they would land outside the workspace.`,
        fix: `Replace the link with a real folder (e.g. rm ${rel.split(sep).join('/')} && mkdir -p .fitwatch/runs), and move the runs you want to keep into it.`,
        location: { file: p },
      };
    }
    if (!info.isDirectory()) {
      return {
        severity: 'error',
        code: 'runs/folder-not-a-folder',
        message: `${rel.split(sep).join('/')} in the workspace is a file, not a folder, so runs cannot be saved there.`,
        fix: `Rename or remove the file ${rel.split(sep).join('/')}.`,
        location: { file: p },
      };
    }
  }
  return undefined;
}

/** `checkRunsFolder` that throws the problem as a FitwatchError. */
export function requireRunsFolder(workspaceRoot: string): void {
  const p = checkRunsFolder(workspaceRoot);
  if (p) throw new FitwatchError({ ...p, severity: 'error' });
}
