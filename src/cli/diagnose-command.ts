/**
 * `fitwatch diagnose <path>`: reads any training log Fitwatch knows (CSVLogger file, printed
 * model.fit output, history.history JSON, a TensorBoard logdir or event file, a Fitwatch run
 * folder) and prints the coach's findings on it, as lines or (--json) JSON lines.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseKerasLog } from '../keras/logs';
import { isEventFile, isLogdir, readLogdir } from '../keras/tb-logdir-node';
import { readRun } from '../runs/read';
import { FitwatchError } from '../shared/location';
import type { History } from '../shared/metrics';
import { RUN_FILES } from '../shared/run';
import { EXIT } from './exit-codes';
import { coachKerasHistory, readScript, type ScriptReading } from './keras-coach-cli';
import type { DiagnoseArgs } from './run-args';
import type { RunOutput } from './run-output';

/** A log read for the coach. */
interface ReadLog {
  history: History;
  format: string;
  totalEpochs?: number;
  notes: string[];
  /** A script that belongs to the log (a run folder's copy of it). */
  script?: string;
}

async function readAnyLog(abs: string, shown: string): Promise<ReadLog> {
  const stat = statSync(abs);
  if (stat.isDirectory()) {
    if (existsSync(join(abs, RUN_FILES.info))) {
      const run = readRun(abs);
      const script = existsSync(join(abs, RUN_FILES.script)) ? join(abs, RUN_FILES.script) : undefined;
      const kind = run.info.source?.kind === 'keras-script' ? `Fitwatch run of ${run.info.source.script}` : 'Fitwatch run folder';
      return { history: run.history, format: kind, totalEpochs: run.info.totalEpochs, notes: [], script };
    }
    if (isLogdir(abs)) {
      const log = await readLogdir(abs);
      return { history: log.history, format: `TensorBoard logdir (${log.writer})`, notes: log.notes };
    }
    throw new FitwatchError({
      code: 'cli/unknown-folder',
      message: `${shown} is a folder with neither TensorBoard event files nor a Fitwatch run.json.`,
      fix: 'Give a CSVLogger file, saved model.fit output, a history JSON dump, a TensorBoard logdir, or a .fitwatch/runs/<id> folder.',
      location: { file: shown },
    });
  }
  if (isEventFile(abs)) {
    const log = await readLogdir(abs);
    return { history: log.history, format: `TensorBoard event file (${log.writer})`, notes: log.notes };
  }
  const log = parseKerasLog(readFileSync(abs, 'utf8'), shown);
  const format = { csv: 'CSVLogger file', text: 'model.fit output', 'history-json': 'history.history JSON' }[log.format] ?? log.format;
  return { history: log.history, format, totalEpochs: log.totalEpochs, notes: log.notes };
}

/** Runs the command; resolves to the exit code (0 even with findings: findings are advice, not failure). */
export async function diagnoseCommand(args: DiagnoseArgs, env: { cwd: string; output: RunOutput }): Promise<number> {
  const { output, cwd } = env;
  const abs = resolve(cwd, args.target);
  if (!existsSync(abs)) {
    output.problem({
      severity: 'error',
      code: 'cli/no-such-file',
      message: `${args.target} does not exist.`,
      fix: 'Give a log file, a TensorBoard logdir or a run folder.',
      location: { file: args.target },
    });
    return EXIT.badInput;
  }
  let log: ReadLog;
  try {
    log = await readAnyLog(abs, args.target);
  } catch (err) {
    if (err instanceof FitwatchError) {
      output.problem(err.problem);
      return EXIT.badInput;
    }
    throw err;
  }
  output.history({ source: args.target, format: log.format, epochs: log.history.length, notes: log.notes });
  let reading: ScriptReading = {};
  const script = args.script !== undefined ? resolve(cwd, args.script) : log.script;
  if (script !== undefined) {
    if (!existsSync(script)) {
      output.problem({
        severity: 'error',
        code: 'cli/no-such-file',
        message: `${args.script ?? script} does not exist.`,
        fix: 'Give the Keras script that wrote the log with --script.',
        location: { file: args.script ?? script },
      });
      return EXIT.badInput;
    }
    reading = await readScript(script, relative(cwd, script) || script);
    for (const check of reading.checks ?? []) output.problem(check);
  }
  const { findings, notes, error } = coachKerasHistory(log.history, log.totalEpochs, reading, 'No script was given (--script train.py).');
  for (const { finding, at } of findings) output.finding(finding, undefined, at);
  if (findings.length === 0) output.note('the coach found nothing to report on these curves');
  else for (const n of notes) output.note(n);
  if (error) output.note(error);
  output.done({ exitCode: EXIT.done, runs: [] });
  return EXIT.done;
}
