/**
 * Paths read from a run folder (run.json `specPath`, a spec's `data.path`, a Keras script
 * path) are data, not instructions: a committed or downloaded run folder may name any file.
 * Before the host reads, edits or trains one, it resolves it here and checks, by real path
 * (symlinks followed), that it stays inside the workspace folder. Pure of vscode.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Problem } from '../shared/location';

/** A path that resolved inside the workspace. */
export interface InsidePath {
  ok: true;
  /** The absolute path as named (lexically resolved against the base). */
  path: string;
  /** The same path with every symlink of its existing part resolved. */
  real: string;
}

/** A path that does not stay inside the workspace, with the problem to show. */
export interface OutsidePath {
  ok: false;
  problem: Problem;
}

/** What `resolveInsideWorkspace` decided. */
export type CheckedPath = InsidePath | OutsidePath;

/** What the path is, for messages: "spec", "dataset", "script". */
export interface PathCheckOptions {
  /** What the path is, in the message (`the spec`). */
  what: string;
  /** Where the path was read (`.fitwatch/runs/<id>/run.json`), in the message. */
  source: string;
  /** Relative paths are resolved against this folder; default: the workspace root. */
  base?: string;
}

/**
 * The real path of `p`: its longest existing ancestor resolved with realpath, the rest
 * appended. A path that does not exist yet is judged by where it would be created.
 */
export function realPathOf(p: string): string {
  const rest: string[] = [];
  let cur = resolve(p);
  for (;;) {
    try {
      return join(realpathSync(cur), ...rest.reverse());
    } catch {
      const parent = dirname(cur);
      if (parent === cur) return join(cur, ...rest.reverse());
      rest.push(basename(cur));
      cur = parent;
    }
  }
}

/** True when `child` is `root` or inside it (both absolute and already resolved). */
export function isInside(root: string, child: string): boolean {
  const rel = relative(root, child);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * Resolves `raw` (relative to `options.base`, else the workspace root; `/` or the platform
 * separator) and checks that both its lexical and its real path stay inside `workspaceRoot`'s
 * real path. `..` segments that stay inside are fine.
 */
export function resolveInsideWorkspace(workspaceRoot: string, raw: string, options: PathCheckOptions): CheckedPath {
  const refuse = (message: string): OutsidePath => ({
    ok: false,
    problem: {
      severity: 'error',
      code: 'run/path-outside-workspace',
      message,
      fix: `Fitwatch only reads, edits and trains files inside the workspace folder ${workspaceRoot}. Check ${options.source}; if the run folder came from elsewhere, do not trust the paths it names.`,
      location: { file: options.source },
    },
  });
  if (typeof raw !== 'string' || raw.length === 0 || raw.includes('\0')) return refuse(`${options.source} names ${options.what} with an empty or invalid path.`);
  const root = resolve(workspaceRoot);
  const base = resolve(options.base ?? root);
  // run.json paths are `/`-separated; a run folder written on Windows may use `\`.
  const named = isAbsolute(raw) ? resolve(raw) : resolve(base, ...raw.split(/[\\/]/));
  if (!isInside(root, named)) return refuse(`${options.source} names ${options.what} "${raw}", which is outside the workspace.`);
  const realRoot = realPathOf(root);
  const real = realPathOf(named);
  if (!isInside(realRoot, real)) return refuse(`${options.source} names ${options.what} "${raw}", which leads outside the workspace through a symbolic link (to ${real}).`);
  return { ok: true, path: named, real };
}
