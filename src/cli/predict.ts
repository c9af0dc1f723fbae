/**
 * `fitwatch predict <run> <data>`: resolves the run folder and the files, then lets the predict
 * child process (dist/predict.js, which loads tfjs) apply the run's preprocessing.json and its
 * saved model. The CLI itself only checks paths: it never parses the data nor loads tfjs.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { RUN_FILES } from '../shared/run';
import { fileError } from '../shared/file-errors';
import { FitwatchError, formatProblem, type Problem } from '../shared/location';
import type { PredictResult } from '../shared/protocol/predict';
import { RUNS_FOLDER } from '../runs/run-id';
import { predictInChild } from '../trainer/predict-client';
import type { PredictArgs } from './args';
import { EXIT } from './exit-codes';

/** Process hooks for the predict command. */
export interface PredictEnv {
  cwd: string;
  /** A line for people (stderr) or, with --json, one JSON object (stdout). */
  out(line: string): void;
  err(line: string): void;
  predictPath?: string;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The run folder: a path to one, else a run id (or its unique prefix/suffix) under <workspace>/.fitwatch/runs. */
export function resolveRunFolder(run: string, cwd: string, workspace?: string): string {
  const direct = resolve(cwd, run);
  if (isDir(direct)) {
    if (!existsSync(join(direct, RUN_FILES.info)) && !existsSync(join(direct, 'preprocessing.json'))) {
      throw new FitwatchError({
        code: 'cli/not-a-run',
        message: `${run} is a folder, but not a Fitwatch run folder (it has no ${RUN_FILES.info}).`,
        fix: `Give a folder under ${RUNS_FOLDER}/, e.g. ${RUNS_FOLDER}/<id>, or just the run id.`,
        location: { file: run },
      });
    }
    return direct;
  }
  const runsRoot = join(resolve(cwd, workspace ?? '.'), RUNS_FOLDER);
  if (!isAbsolute(run) && !run.includes('/') && isDir(runsRoot)) {
    const ids = readdirSync(runsRoot).filter((id) => isDir(join(runsRoot, id)));
    const exact = ids.find((id) => id === run);
    const partial = ids.filter((id) => id.startsWith(run) || id.endsWith(run));
    if (exact) return join(runsRoot, exact);
    if (partial.length === 1) return join(runsRoot, partial[0]);
    if (partial.length > 1) {
      throw new FitwatchError({
        code: 'cli/ambiguous-run',
        message: `"${run}" matches ${partial.length} runs in ${relative(cwd, runsRoot) || runsRoot}: ${partial.slice(-5).join(', ')}${partial.length > 5 ? ', …' : ''}.`,
        fix: 'Give the full run id or the run folder path.',
        location: { file: run },
      });
    }
  }
  throw new FitwatchError({
    code: 'cli/no-such-run',
    message: `${run} is not a run folder${!isAbsolute(run) && !run.includes('/') ? ` nor a run id in ${relative(cwd, runsRoot) || runsRoot}` : ''}.`,
    fix: `Give a run folder (${RUNS_FOLDER}/<id>) or a run id; "fitwatch train" prints the folder of each run it makes.`,
    location: { file: run },
  });
}

function checkDataFile(data: string, cwd: string): string {
  const abs = resolve(cwd, data);
  let info;
  try {
    info = statSync(abs);
  } catch (err) {
    throw fileError(err, { what: `The data file ${data}`, absPath: abs, location: { file: data } }) ?? err;
  }
  if (!info.isFile()) {
    throw new FitwatchError({
      code: 'cli/not-a-file',
      message: `${data} is a folder, not a data file.`,
      fix: 'Give a .csv, .tsv, .txt, .jsonl or .npy file.',
      location: { file: data },
    });
  }
  return abs;
}

function describe(r: PredictResult, shown: string): string {
  const score =
    r.accuracy !== undefined
      ? `; accuracy ${r.accuracy.toFixed(4)}${r.logLoss !== undefined ? `, loss ${r.logLoss.toPrecision(5)}` : ''} against the label column`
      : r.mae !== undefined && r.mse !== undefined
        ? `; against the label column: mae ${r.mae.toPrecision(5)}, mse ${r.mse.toPrecision(5)}`
        : '';
  return `Predicted ${r.rows} row(s) with model-${r.model} (${r.task}, backend ${r.backend})${score}${r.outPath ? `; wrote ${shown}` : ''}.`;
}

/** Runs the predict command; resolves to the exit code. */
export async function predictCommand(args: PredictArgs, env: PredictEnv): Promise<number> {
  const report = (p: Problem): void => (args.json ? env.out(JSON.stringify({ type: 'error', problem: p })) : env.err(formatProblem(p)));
  let runDir: string;
  let dataPath: string;
  let outPath: string | undefined;
  let model: 'best' | 'final';
  try {
    runDir = resolveRunFolder(args.run, env.cwd, args.workspace);
    dataPath = checkDataFile(args.data, env.cwd);
    model = args.model ?? (existsSync(join(runDir, RUN_FILES.bestModel, 'model.json')) ? 'best' : 'final');
    if (args.out !== undefined) {
      outPath = resolve(env.cwd, args.out);
      if (outPath === dataPath) {
        throw new FitwatchError({
          code: 'cli/out-is-input',
          message: `--out ${args.out} is the data file itself.`,
          fix: 'Write the predictions to another file.',
          location: { file: args.out },
        });
      }
      if (existsSync(outPath) && !args.force) {
        throw new FitwatchError({
          code: 'cli/out-exists',
          message: `--out ${args.out} already exists; predict does not overwrite files unasked.`,
          fix: 'Choose another name, or add --force to replace it.',
          location: { file: args.out },
        });
      }
    }
  } catch (err) {
    if (err instanceof FitwatchError) {
      report(err.problem);
      return EXIT.badInput;
    }
    throw err;
  }
  const outcome = await predictInChild(
    {
      runDir,
      runLabel: args.run,
      model,
      dataPath,
      dataLabel: args.data,
      ...(outPath ? { outPath } : {}),
      ...(args.backend ? { backend: args.backend } : {}),
    },
    { predictPath: env.predictPath },
  );
  const answer = outcome.answer;
  if (answer?.type === 'result') {
    if (args.json) env.out(JSON.stringify({ ...answer, runDir }));
    else env.err(describe(answer, args.out ?? ''));
    return EXIT.done;
  }
  if (answer?.type === 'error') {
    report(answer.problem);
    return answer.problem.code === 'predict/internal' || answer.problem.code === 'predict/protocol' ? EXIT.internal : EXIT.badInput;
  }
  if (outcome.stderr.trim()) env.err(`--- predict log ---\n${outcome.stderr.trimEnd()}\n-------------------`);
  report({
    severity: 'error',
    code: 'cli/predict-crashed',
    message: `The predict process exited (${outcome.signal ?? `code ${outcome.code}`}) without an answer.`,
    fix: 'Its log is above; this is a bug in Fitwatch.',
  });
  return EXIT.internal;
}
