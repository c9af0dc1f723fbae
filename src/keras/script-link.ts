/**
 * Which Python script wrote a Keras log: the one whose `CSVLogger('<path>')` names the log.
 * Keras resolves that path against the working directory of the Python process, usually the
 * script's folder or the workspace folder, so both are tried. Pure path logic, tested in Node.
 */
import { isAbsolute, join, normalize } from 'node:path';

/** A script and the file its CSVLogger writes (as written in the script), if it has one. */
export interface ScriptLogger {
  script: string;
  scriptDir: string;
  loggerPath?: string;
}

/** The scripts whose CSVLogger writes `logPath`, resolving relative paths against the script's folder and `roots`. */
export function scriptsWritingLog(logPath: string, scripts: readonly ScriptLogger[], roots: readonly string[]): string[] {
  const target = normalize(logPath);
  return scripts
    .filter(({ scriptDir, loggerPath }) => {
      if (!loggerPath) return false;
      if (isAbsolute(loggerPath)) return normalize(loggerPath) === target;
      return [scriptDir, ...roots].some((base) => normalize(join(base, loggerPath)) === target);
    })
    .map((s) => s.script);
}

/** File names a Keras log can have; `.json` is a history dump unless it is a spec. */
export function looksLikeKerasLog(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.fitwatch.json')) return false;
  return /\.(log|txt|csv|json)$/.test(lower);
}
