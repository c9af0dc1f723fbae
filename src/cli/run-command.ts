/**
 * `fitwatch run <script.py>`: runs the user's unmodified Keras script with their Python,
 * records each `Model.fit` as a run folder while it trains, prints the coach's findings on
 * each finished history, and maps the outcome to an exit code. Ctrl-C stops after the batch
 * (a second Ctrl-C interrupts the script, a third kills it).
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { FitwatchError, type Problem } from '../shared/location';
import { findHookDir, preflightPython, resolvePythonCommand, startKerasScript, type PythonInfo } from '../keras/live-runner-node';
import { neutralCoachContext } from '../keras/coach';
import { EXIT } from './exit-codes';
import { coachKerasHistory, readScript } from './keras-coach-cli';
import { chooseWorkspace } from './resolve-input';
import type { RunArgs } from './run-args';
import type { RunOutput } from './run-output';

/** Process hooks, injectable for tests. */
export interface RunEnv {
  cwd: string;
  env: NodeJS.ProcessEnv;
  output: RunOutput;
  /** `inherit` lets Keras draw its progress bar on the terminal; JSON mode pipes it. */
  stdout: 'inherit' | 'pipe';
  /** Registers the Ctrl-C handler; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
  /** Folder with sitecustomize.py (default: found beside the CLI). */
  hookDir?: string;
  stopGraceMs?: number;
}

/** Problems the user fixes in their script or setup (exit 2), as opposed to a run that failed (exit 1). */
const BAD_INPUT_CODES = new Set(['keras-run/no-python', 'keras-run/no-keras', 'keras-run/failed-before-fit', 'keras-run/no-fit', 'cli/no-such-file']);

/** Runs the command; resolves to the exit code. */
export async function runCommand(args: RunArgs, env: RunEnv): Promise<number> {
  const { output, cwd } = env;
  const script = resolve(cwd, args.script);
  if (!existsSync(script) || !statSync(script).isFile()) {
    output.problem({
      severity: 'error',
      code: 'cli/no-such-file',
      message: `${args.script} does not exist or is not a file.`,
      fix: 'Give the Python script that trains, e.g. fitwatch run train.py.',
      location: { file: args.script },
    });
    return EXIT.badInput;
  }
  const workspaceRoot = chooseWorkspace(script, cwd, args.workspace);
  const label = relative(cwd, script) || script;
  const python = resolvePythonCommand(args.python, env.env, cwd);
  let info: PythonInfo;
  try {
    info = await preflightPython(python, env.env, cwd);
  } catch (err) {
    if (err instanceof FitwatchError) {
      output.problem(err.problem);
      return EXIT.badInput;
    }
    throw err;
  }
  const reading = await readScript(script, label);
  // Said before the run: Keras 3 fails on these, and the traceback alone does not say what to write instead.
  for (const check of reading.checks ?? []) output.problem(check);
  let interrupts = 0;
  const run = startKerasScript({
    script,
    args: args.scriptArgs,
    python,
    pythonInfo: info,
    cwd,
    workspaceRoot,
    hookDir: env.hookDir ?? findHookDir(),
    env: env.env,
    stdout: env.stdout,
    stopGraceMs: env.stopGraceMs,
    specFor: (begin) => reading.context?.spec ?? neutralCoachContext([], begin.epochs, '').spec,
    listener: {
      fitBegin: (r) => output.fitBegin(r, relative(cwd, r.dir) || r.dir),
      epoch: (r, record) => output.epoch(r, record),
      batch: (r, b) => output.batch(r, b),
      event: (r, e) => output.event(r, e),
      control: (r, reply) => output.control(r, reply),
      fitEnd: (r) => output.fitEnd(r),
      output: (stream, text) => output.output(stream, text),
    },
  });
  const removeInterrupt = env.onInterrupt(() => {
    interrupts += 1;
    output.note(
      interrupts === 1
        ? 'stopping after the current batch (Ctrl-C again to interrupt the script)'
        : interrupts === 2
          ? 'interrupting the script (Ctrl-C again to kill it)'
          : 'killing the script',
    );
    run.stop();
  });
  const result = await run.done;
  removeInterrupt();

  for (const r of result.runs) {
    if (r.history.length === 0) continue;
    const { findings, notes, error } = coachKerasHistory(r.history, r.begin.epochs, reading, `Fitwatch could not read the model of ${label}.`);
    for (const { finding, at } of findings) output.finding(finding, r.id, at);
    if (findings.length > 0) for (const n of notes) output.note(n);
    if (error) output.note(error);
  }
  let code: number = EXIT.done;
  if (result.problem) {
    output.problem(displayed(result.problem, cwd));
    code = BAD_INPUT_CODES.has(result.problem.code) ? EXIT.badInput : EXIT.trainingFailed;
  } else if (interrupts > 0) {
    code = EXIT.interrupted;
  } else if (result.runs.some((r) => r.status === 'diverged' || r.status === 'failed')) {
    code = EXIT.trainingFailed;
  }
  if (result.runs.length > 0) output.note(`saved ${result.runs.length} run(s): ${result.runs.map((r) => relative(cwd, r.dir) || r.dir).join(', ')}`);
  output.done({ exitCode: code, runs: result.runs.map((r) => r.id) });
  return code;
}

/** Paths inside the cwd shown relative to it, as a person typed them. */
function displayed(p: Problem, cwd: string): Problem {
  const file = p.location?.file;
  if (!file || !file.startsWith('/')) return p;
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? p : { ...p, location: { ...p.location, file: rel } };
}
