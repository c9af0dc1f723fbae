/** Resolves a data path from a spec and refuses anything outside the workspace (symlinks included). */
import { lstat, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { errnoCode, fileError } from '../shared/file-errors';
import { FitwatchError } from '../shared/location';

async function isLink(p: string): Promise<boolean> {
  try {
    return (await lstat(p)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A data file located on disk and named the way errors should name it. */
export interface ResolvedDataPath {
  /** Absolute real path (symlinks resolved). */
  absPath: string;
  /** Workspace-relative path with `/` separators, used as `location.file`. */
  relPath: string;
  /** Size in bytes, used to pre-size buffers. */
  size: number;
}

/** `/`-separated path of `p` relative to `root` (may start with `..` when outside). */
export function toWorkspaceRelative(root: string, p: string): string {
  const rel = relative(root, p);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Resolves `path` (as written in the spec's `field`) against `baseDir` and checks it stays inside `workspaceRoot`. */
export async function resolveDataPath(path: string, baseDir: string, workspaceRoot: string, field = 'data.path'): Promise<ResolvedDataPath> {
  const lexical = resolve(baseDir, path);
  const relPath = toWorkspaceRelative(workspaceRoot, lexical);
  const relBase = toWorkspaceRelative(workspaceRoot, baseDir);
  if (!isInside(workspaceRoot, lexical)) {
    throw new FitwatchError({
      code: 'data/outside-workspace',
      message: `${field} "${path}" resolves to ${lexical}, which is outside the workspace ${workspaceRoot}.`,
      fix: 'Copy or move the data file into the workspace folder and point the spec at it.',
      location: { file: relPath },
    });
  }
  let info;
  try {
    info = await stat(lexical);
  } catch (err) {
    const code = errnoCode(err);
    const dangling = (code === 'ENOENT' || code === 'ENOTDIR') && (await isLink(lexical));
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !dangling) {
      throw new FitwatchError({
        code: 'data/not-found',
        message: `${field} "${path}" was not found: looked for ${lexical} (relative to the spec's folder ${relBase === '.' ? 'the workspace root' : relBase}).`,
        fix: 'Check the spelling and that the path is relative to the folder holding the spec.',
        location: { file: relPath },
      });
    }
    throw fileError(err, { what: `${field} "${path}"`, absPath: lexical, location: { file: relPath }, dangling }) ?? err;
  }
  if (!info.isFile()) {
    throw new FitwatchError({
      code: 'data/not-a-file',
      message: `${field} "${path}" is a folder (${lexical}), not a data file.`,
      fix: 'Point it at a .csv, .tsv, .txt, .npy or .jsonl file.',
      location: { file: relPath },
    });
  }
  let realRoot: string;
  let realFile: string;
  try {
    [realRoot, realFile] = await Promise.all([realpath(workspaceRoot), realpath(lexical)]);
  } catch (err) {
    throw fileError(err, { what: `${field} "${path}"`, absPath: lexical, location: { file: relPath } }, 'read') ?? err;
  }
  if (!isInside(realRoot, realFile)) {
    throw new FitwatchError({
      code: 'data/outside-workspace',
      message: `${field} "${path}" is a link to ${realFile}, which is outside the workspace ${realRoot}.`,
      fix: 'Copy the data file into the workspace instead of linking to it.',
      location: { file: relPath },
    });
  }
  return { absPath: realFile, relPath, size: info.size };
}
