/**
 * File-system failures that are the environment's, not a bug: a full disk, a read-only or
 * unwritable folder, too many open files, a path that vanished. They become a `Problem` that
 * names the path and says what to do, so the CLI exits 2 instead of "This is a bug in Fitwatch".
 */
import { errnoCode } from '../shared/file-errors';
import type { Problem } from '../shared/location';

/** errno codes that are environment problems, with what to tell the user. */
const ADVICE: Record<string, { what: string; fix: string }> = {
  ENOSPC: { what: 'the disk is full', fix: 'Free some space on that disk (or delete old runs in .fitwatch/runs), then resume the run.' },
  EDQUOT: { what: 'the disk quota is used up', fix: 'Free some space within your quota, then resume the run.' },
  EACCES: { what: 'permission denied', fix: 'Give your user write access to that folder (or read access to that file), or open a workspace you own.' },
  EPERM: { what: 'the operation is not permitted', fix: 'Check the permissions and attributes of that path (chmod, chattr, antivirus locks).' },
  EROFS: { what: 'the file system is read-only', fix: 'Open the workspace from a writable location, or remount it read-write.' },
  EMFILE: { what: 'too many open files in this process', fix: 'Close other programs or raise the open-file limit (ulimit -n), then try again.' },
  ENFILE: { what: 'too many open files on this system', fix: 'Close other programs or raise the system open-file limit, then try again.' },
  ENOENT: { what: 'it does not exist (it was moved or deleted while in use)', fix: 'Check that the workspace folder still exists and is not being deleted.' },
  ENOTDIR: { what: 'a part of the path is not a folder', fix: 'Check that no file stands where a folder is expected.' },
  ELOOP: { what: 'it is a symbolic link loop', fix: 'Remove or fix the symbolic link.' },
  EIO: { what: 'an input/output error occurred', fix: 'Check the disk and the file system (it may be failing or disconnected).' },
  EISDIR: { what: 'a folder stands where a file is expected', fix: 'Remove or rename that folder.' },
};

/** Whether `err` is a file-system failure of the environment (see ADVICE). */
export function isEnvironmentError(err: unknown): boolean {
  return errnoCode(err) in ADVICE;
}

/** The Problem for an environment error while `doing` (e.g. "writing the run folder"); undefined for anything else. */
export function environmentProblem(err: unknown, doing: string): (Problem & { severity: 'error' }) | undefined {
  const code = errnoCode(err);
  if (!(code in ADVICE)) return undefined;
  const { what, fix } = ADVICE[code];
  const path = (err as NodeJS.ErrnoException).path;
  return {
    severity: 'error',
    code: `env/${code.toLowerCase()}`,
    message: `Could not ${doing}${path ? ` (${path})` : ''}: ${what} [${code}].`,
    fix,
    ...(path ? { location: { file: path } } : {}),
  };
}
