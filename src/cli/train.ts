/**
 * `fitwatch train`: resolve the input, fork the trainer, print what it reports, handle Ctrl-C,
 * and map the outcome to an exit code.
 */
import { join, relative } from 'node:path';
import type { DatasetSummary } from '../shared/dataset';
import { FitwatchError, type Problem } from '../shared/location';
import type { History } from '../shared/metrics';
import type { DoneMessage, LayerHealth, TrainerToHost } from '../shared/protocol/trainer';
import { ensureRunsGitignore } from '../runs/housekeeping';
import { newRunId, RUNS_FOLDER } from '../runs/run-id';
import { TrainerProcess } from '../trainer/client';
import type { TrainArgs } from './args';
import { EXIT } from './exit-codes';
import { applyFixToSpecFile } from './apply-fix';
import { coachFindings } from './findings';
import type { Output } from './output';
import { resolveTrainInput, SpecProblems } from './resolve-input';
import { cliTrainerPath, resolvesBeside } from './trainer-path';

/** Process hooks, injectable so tests can drive the command in-process. */
export interface TrainEnv {
  cwd: string;
  output: Output;
  trainerPath?: string;
  /** Registers the Ctrl-C handler; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
  /** The trainer's log, printed for internal errors. */
  log(text: string): void;
}

/** Exit code for a trainer `error`: bad input is the user's to fix, the rest is ours. */
function exitCodeFor(problem: Problem): number {
  return problem.code === 'trainer/internal' || problem.code === 'trainer/protocol' ? EXIT.internal : EXIT.badInput;
}

/** Shows absolute paths inside the cwd relative to it, as a person typed them. */
function displayProblem(p: Problem, cwd: string): Problem {
  const file = p.location?.file;
  if (!file || !file.startsWith('/')) return p;
  const rel = relative(cwd, file);
  return rel.startsWith('..') ? p : { ...p, location: { ...p.location, file: rel } };
}

/** Runs the train command; resolves to the exit code. */
export async function trainCommand(args: TrainArgs, env: TrainEnv): Promise<number> {
  const { output, cwd } = env;
  let input;
  try {
    input = await resolveTrainInput(args.sample ? undefined : args.target, cwd, args.workspace);
  } catch (err) {
    if (err instanceof SpecProblems) {
      for (const p of err.problems) output.problem(p);
      return EXIT.badInput;
    }
    if (err instanceof FitwatchError) {
      output.problem(displayProblem(err.problem, cwd));
      return EXIT.badInput;
    }
    throw err;
  }
  for (const w of input.warnings) output.problem(w);
  if (args.fix && input.specText === undefined) {
    output.problem({
      severity: 'error',
      code: 'cli/fix-needs-spec',
      message: '--fix writes the coach\'s fix into a spec file, and this run has none (a data file or --sample).',
      fix: 'Train a *.fitwatch.json spec with --fix, e.g. one made by "Fitwatch: New Training Spec from Dataset…".',
    });
    return EXIT.badInput;
  }
  const spec = input.spec;
  if (args.epochs !== undefined) spec.fit.epochs = args.epochs;

  const runId = newRunId(spec.name);
  const runDir = join(input.workspaceRoot, RUNS_FOLDER, runId);
  ensureRunsGitignore(input.workspaceRoot); // retention is the editor's setting; the CLI only keeps runs out of git
  output.run({ id: runId, dir: relative(cwd, runDir) || runDir, input: input.label });

  const trainerPath = env.trainerPath ?? cliTrainerPath(__dirname, args.backend ?? spec.backend, resolvesBeside(__filename));
  const trainer = new TrainerProcess(trainerPath ? { trainerPath } : {});
  const history: History = [];
  const health: { epoch: number; layers: LayerHealth[] }[] = [];
  let dataset: DatasetSummary | undefined;
  let done: DoneMessage | undefined;
  let error: Problem | undefined;
  let interrupts = 0;

  const removeInterrupt = env.onInterrupt(() => {
    interrupts += 1;
    if (interrupts === 1) {
      output.note('Stopping after the current batch and saving the run… (Ctrl-C again to kill the trainer)');
      void trainer.stop(30_000);
    } else {
      trainer.dispose();
    }
  });

  trainer.onMessage((msg: TrainerToHost) => {
    switch (msg.type) {
      case 'ready':
        output.ready(msg);
        break;
      case 'dataset':
        dataset = msg.summary;
        output.dataset(msg);
        break;
      case 'epoch':
        history.push(msg.record);
        output.epoch(msg);
        break;
      case 'event':
        output.event(msg.event);
        break;
      case 'health':
        health.push({ epoch: msg.epoch, layers: msg.layers });
        output.health(msg);
        break;
      case 'warning':
        output.problem(displayProblem(msg.problem, cwd));
        break;
      case 'error':
        error = displayProblem(msg.problem, cwd);
        output.problem(error);
        break;
      case 'done':
        done = msg;
        break;
    }
  });
  trainer.start({
    spec,
    specFile: input.specFile,
    workspaceRoot: input.workspaceRoot,
    runDir,
    runId,
    healthEvery: args.healthEvery,
    ...(args.backend ? { backend: args.backend } : {}),
    ...(args.engine ? { engine: args.engine } : {}),
  });
  const exit = await trainer.exited;
  removeInterrupt();

  if (done) {
    // The coach hook: findings print after the curves, before the summary.
    const { findings, error: coachError } = coachFindings({ spec, rawSpec: input.rawSpec, history, dataset, health });
    for (const f of findings) output.finding(f);
    if (coachError) output.note(coachError);
    if (args.fix && input.specFile && input.specText !== undefined) {
      try {
        const applied = applyFixToSpecFile(findings, input.specFile, input.specText, runDir);
        output.note(
          applied
            ? `Applied "${applied.fix.title}" (${applied.finding.code}) to ${relative(cwd, input.specFile)}; the previous text is in ${relative(cwd, applied.backup)}.`
            : 'No finding has a fix for the spec: nothing was changed.',
        );
      } catch (err) {
        output.note(`--fix left the spec unchanged: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    output.done(done, relative(cwd, runDir) || runDir);
    if (interrupts > 0) return EXIT.interrupted;
    return done.reason === 'diverged' ? EXIT.trainingFailed : EXIT.done;
  }
  if (interrupts > 0) return EXIT.interrupted;
  if (error) return exitCodeFor(error);
  env.log(trainer.stderr);
  output.problem({
    severity: 'error',
    code: 'cli/trainer-crashed',
    message: `The trainer exited (${exit.signal ?? `code ${exit.code}`}) without finishing the run.`,
    fix: 'The trainer log is above; the partial run stays in its run folder.',
  });
  return EXIT.internal;
}
