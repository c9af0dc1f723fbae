/**
 * Reading a file the user named can fail for reasons that are theirs or their machine's, not a
 * bug: no permission, too many open files, a link to nowhere, a file deleted while it was read.
 * These map an errno code to a `FitwatchError` that names the file and says what to do, so the
 * CLI exits 2 with that message instead of 3 with "This is a bug in Fitwatch".
 */
import { FitwatchError, type SourceLocation } from './location';
import { errorMessage } from './error-message';

/** What a file error message needs: how the user named the file and where it is. */
export interface FileContext {
  /** What the path is, for the message: `data.path "train.csv"`, `the run folder`, `preds.csv`. */
  what: string;
  /** The absolute path that was opened. */
  absPath: string;
  /** Where to point the problem (workspace-relative file, spec field). */
  location?: SourceLocation;
  /** Set when the path is (or goes through) a symbolic link whose target is missing. */
  dangling?: boolean;
}

/** The errno code of a Node system error, or ''. */
export function errnoCode(err: unknown): string {
  if (typeof err !== 'object' || err === null || !('code' in err)) return '';
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

/** Codes that mean "the input or the machine", never "a bug". */
const INPUT_CODES = new Set([
  'ENOENT',
  'ENOTDIR',
  'EACCES',
  'EPERM',
  'EMFILE',
  'ENFILE',
  'ELOOP',
  'EISDIR',
  'EIO',
  'ENAMETOOLONG',
  'EBUSY',
  'ETXTBSY',
  'ESTALE',
]);

/** Whether `err` is a file-system error `fileError` can explain. */
export function isFileInputError(err: unknown): boolean {
  return INPUT_CODES.has(errnoCode(err));
}

/**
 * A FitwatchError for a failed read of `ctx.absPath`, or undefined when `err` is not a
 * file-system error (then it may well be a bug, and the caller rethrows it).
 * `phase` says whether the file was found before (`read`: it vanished) or not (`open`).
 */
export function fileError(err: unknown, ctx: FileContext, phase: 'open' | 'read' = 'open'): FitwatchError | undefined {
  const code = errnoCode(err);
  if (!INPUT_CODES.has(code)) return undefined;
  const file = ctx.location ?? { file: ctx.absPath };
  const make = (kind: string, message: string, fix: string): FitwatchError => new FitwatchError({ code: `file/${kind}`, message, fix, location: file });
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      if (ctx.dangling) {
        return make(
          'dangling-link',
          `${ctx.what} is a symbolic link (${ctx.absPath}) whose target does not exist.`,
          'Point the link at an existing file, or replace it with the file itself.',
        );
      }
      if (phase === 'read') {
        return make(
          'vanished',
          `${ctx.what} (${ctx.absPath}) disappeared while it was being read.`,
          'Something deleted or moved the file during the run (a sync tool, a script, another run?); put it back and try again.',
        );
      }
      return make('not-found', `${ctx.what} was not found: ${ctx.absPath} does not exist.`, 'Check the spelling and the folder the path is relative to.');
    case 'EACCES':
    case 'EPERM':
      return make(
        'permission-denied',
        `${ctx.what} cannot be read: permission denied for ${ctx.absPath}.`,
        'Make it readable for your user (e.g. chmod u+r, or check its owner and the folders above it), or copy it somewhere you can read.',
      );
    case 'EMFILE':
    case 'ENFILE':
      return make(
        'too-many-open-files',
        `${ctx.what} could not be opened: the ${code === 'EMFILE' ? 'process' : 'system'} has too many files open (${code}).`,
        'Close other programs or editor windows, or raise the limit (ulimit -n), then try again.',
      );
    case 'ELOOP':
      return make('link-loop', `${ctx.what} (${ctx.absPath}) is a loop of symbolic links.`, 'Fix the links so they end at a real file.');
    case 'EISDIR':
      return make('is-a-folder', `${ctx.what} (${ctx.absPath}) is a folder, not a file.`, 'Point it at a file inside that folder.');
    case 'ENAMETOOLONG':
      return make('name-too-long', `${ctx.what}: the path ${ctx.absPath} is too long for the file system.`, 'Use a shorter path.');
    default:
      return make(
        'unreadable',
        `${ctx.what} (${ctx.absPath}) could not be read (${code}: ${errorMessage(err)}).`,
        'Check the disk and the file system it is on (a network drive that went away?), then try again.',
      );
  }
}
