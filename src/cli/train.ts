/**
 * `fitwatch train`: resolve the input, fork the trainer, print what it reports, handle Ctrl-C,
 * and map the outcome to an exit code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import type { DatasetSummary } from '../shared/dataset';
import { FitwatchError, type Problem } from '../shared/location';
import type { History } from '../shared/metrics';
import type { DoneMessage, LayerHealth, StartMessage, TrainerToHost } from '../shared/protocol/trainer';
import { readCheckpoint } from '../runs/checkpoint';
import { environmentProblem } from '../runs/fs-problems';
import { withLiveness } from '../runs/liveness';
import { readRun } from '../runs/read';
import { createRunFolder } from '../runs/run-folder';
import { RUN_FILES, type RunInfo } from '../shared/run';
import { parseSpec, type FitwatchSpec } from '../shared/spec';
import { writeFileAtomically } from '../trainer/run-writer';
import { ensureRunsGitignore } from '../runs/housekeeping';
import { TrainerProcess } from '../trainer/client';
import type { TrainArgs } from './args';
import { EXIT } from './exit-codes';
import { applyFixToSpecFile, chooseFinding } from './apply-fix';
import { fixNote } from './fix-note';
import { describeModel } from './describe-model';
import { runSummaryMarkdown } from '../coach/run-summary';
import type { TrainInput } from './resolve-input';
import { coachFindings } from './findings';
import type { Output } from './output';
import { resolveTrainInput, SpecProblems } from './resolve-input';
import { errorMessage } from '../shared/error-message';
import { cliTrainerPath, resolvesBeside } from './trainer-path';
import { resolvePythonCommand } from '../keras/live-runner-node';

/** Process hooks, injectable so tests can drive the command in-process. */
export interface TrainEnv {
  cwd: string;
  output: Output;
  trainerPath?: string;
  /** Registers the Ctrl-C handler; returns a function that removes it. */
  onInterrupt(handler: () => void): () => void;
  /** Prints the trainer's log for internal errors; returns whether anything was printed. */
  log(text: string): boolean;
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

/** What a run needs from the command line: a fresh input, or a run folder to resume. */
interface Prepared {
  spec: FitwatchSpec;
  specFile?: string;
  workspaceRoot: string;
  runId: string;
  runDir: string;
  label: string;
  resumeFrom?: string;
  rawSpec?: unknown;
  specText?: string;
  /** Epochs already on disk (a resume): the coach sees them before the new ones. */
  history: History;
  /** A spec generated from a bare data file (parse once: the trainer settles its task). */
  generated?: StartMessage['generated'];
  /** Learns the settled task of a generated spec from the trainer's dataset summary. */
  settle?: (summary: DatasetSummary) => void;
  /** With --fix on a data file: its generated spec is written beside it after the run, then fixed. */
  generatedInput?: TrainInput;
}

function resumeProblem(code: string, message: string, fix: string, file: string): FitwatchError {
  return new FitwatchError({ code, message, fix, location: { file } });
}

/** Reads a run folder for `--resume`: its run.json, its own spec snapshot, its checkpoint. */
function prepareResume(folder: string, cwd: string): Prepared {
  const dir = resolve(cwd, folder);
  const infoPath = join(dir, RUN_FILES.info);
  if (!existsSync(infoPath)) {
    throw resumeProblem(
      'cli/resume-not-a-run',
      `${folder} is not a run folder: it has no ${RUN_FILES.info}.`,
      'Give a folder under .fitwatch/runs/, e.g. --resume .fitwatch/runs/<id>.',
      dir,
    );
  }
  if (basename(dirname(dir)) !== 'runs' || basename(dirname(dirname(dir))) !== '.fitwatch') {
    throw resumeProblem(
      'cli/resume-not-a-run',
      `${folder} is not inside a workspace's .fitwatch/runs/ folder.`,
      'Resume the run where it was written: <workspace>/.fitwatch/runs/<id>.',
      dir,
    );
  }
  const workspaceRoot = dirname(dirname(dirname(dir)));
  const info = withLiveness(readRun(dir).info);
  if (info.status === 'running') {
    throw resumeProblem(
      'cli/resume-running',
      `The run ${info.id} is still running (trainer pid ${info.pid ?? 'unknown'}).`,
      'Stop it first (or let it end), then resume it.',
      infoPath,
    );
  }
  if (info.status === 'completed' || info.status === 'earlyStopped' || info.status === 'diverged') {
    throw resumeProblem(
      'cli/resume-ended',
      `The run ${info.id} ${info.status === 'completed' ? 'completed' : info.status === 'earlyStopped' ? 'was stopped early by EarlyStopping' : 'diverged'}: there is nothing to resume.`,
      'Start a new run (fitwatch train <spec>) to train again.',
      infoPath,
    );
  }
  const checkpoint = readCheckpoint(dir);
  if (!checkpoint) {
    throw resumeProblem(
      'cli/resume-no-checkpoint',
      `The run ${info.id} has no checkpoint (${RUN_FILES.checkpoint}): it ended before its first epoch was checkpointed.`,
      'Start a new run instead.',
      dir,
    );
  }
  const snapshotPath = join(dir, RUN_FILES.spec);
  const parsed = parseSpec(readFileSync(snapshotPath, 'utf8'), snapshotPath);
  if (!parsed.spec) throw new SpecProblems(parsed.problems);
  const history = readRun(dir).history.filter((r) => r.epoch < checkpoint.meta.epochs);
  return {
    spec: parsed.spec,
    // Data paths are relative to the folder of the spec the run came from.
    specFile: info.specPath ? join(workspaceRoot, info.specPath) : undefined,
    workspaceRoot,
    runId: info.id,
    runDir: dir,
    label: `${relative(cwd, dir) || dir} (resumed after ${checkpoint.meta.epochs} epoch(s)${describeEnd(info)})`,
    resumeFrom: dir,
    history,
  };
}

function describeEnd(info: RunInfo): string {
  const why = info.interruption ?? info.error;
  return `; it had ${info.status === 'interrupted' ? 'been interrupted' : info.status}${why ? `: ${why}` : ''}`;
}

/** run.json after a trainer that died without finishing: never left `running`. */
function settleRunInfo(runDir: string, status: RunInfo['status'], reason: string): void {
  const path = join(runDir, RUN_FILES.info);
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as RunInfo;
    if (info.status !== 'running') return;
    const { pid: _p, processStartMs: _s, hostPid: _h, ...rest } = info;
    writeFileAtomically(path, `${JSON.stringify({ ...rest, status, interruption: reason, endedAt: new Date().toISOString() }, null, 2)}\n`);
  } catch {
    // No run.json (the trainer died before writing it) or no room to write: the liveness check still reports it right.
  }
}

/** Runs the train command; resolves to the exit code. */
export async function trainCommand(args: TrainArgs, env: TrainEnv): Promise<number> {
  const { output, cwd } = env;
  let prepared: Prepared;
  try {
    if (args.resume !== undefined) {
      prepared = prepareResume(args.resume, cwd);
    } else {
      const input = await resolveTrainInput(args.sample ? undefined : args.target, cwd, args.workspace);
      for (const w of input.warnings) output.problem(w);
      if (args.fix && input.specText === undefined) {
        // Checked now, written after the run: the trainer settles a generated spec's task first.
        const problem = generatedSpecProblem(input, cwd);
        if (problem) {
          output.problem(problem);
          return EXIT.badInput;
        }
      }
      // Created exclusively before the trainer starts: a read-only, full or linked .fitwatch is
      // reported now, before any data is loaded.
      const folder = createRunFolder(input.workspaceRoot, input.spec.name);
      ensureRunsGitignore(input.workspaceRoot); // retention is the editor's setting; the CLI only keeps runs out of git
      prepared = {
        spec: input.spec,
        specFile: input.specFile,
        workspaceRoot: input.workspaceRoot,
        runId: folder.id,
        runDir: folder.dir,
        label: input.label,
        rawSpec: input.rawSpec,
        specText: input.specText,
        history: [],
        ...(input.generated ? { generated: input.generated } : {}),
        ...(input.settle ? { settle: input.settle } : {}),
        ...(args.fix && input.specText === undefined ? { generatedInput: input } : {}),
      };
    }
  } catch (err) {
    if (err instanceof SpecProblems) {
      for (const p of err.problems) output.problem(p);
      return EXIT.badInput;
    }
    if (err instanceof FitwatchError) {
      output.problem(displayProblem(err.problem, cwd));
      return EXIT.badInput;
    }
    const env2 = environmentProblem(err, 'prepare the run');
    if (env2) {
      output.problem(displayProblem(env2, cwd));
      return EXIT.badInput;
    }
    throw err;
  }
  const { spec, runId, runDir } = prepared;
  if (args.epochs !== undefined) spec.fit.epochs = args.epochs;
  if (args.seed !== undefined) spec.fit.seed = args.seed;
  const shownDir = relative(cwd, runDir) || runDir;

  const trainerPath = env.trainerPath ?? cliTrainerPath(__dirname, args.backend ?? spec.backend, resolvesBeside(__filename));
  const trainer = new TrainerProcess(trainerPath ? { trainerPath } : {});
  const history: History = [...prepared.history];
  let announced = false;
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
        // The data loaded and the folder is the run's now (the trainer removes it again when loading fails).
        if (!announced) output.run({ id: runId, dir: shownDir, input: prepared.label });
        announced = true;
        output.ready(msg);
        break;
      case 'dataset':
        dataset = msg.summary;
        prepared.settle?.(msg.summary); // a generated spec learns its settled task (parse once)
        output.dataset(msg);
        output.model(describeModel(spec, msg.summary.features, msg.parameters));
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
    specFile: prepared.specFile,
    workspaceRoot: prepared.workspaceRoot,
    runDir,
    runId,
    ...(prepared.resumeFrom ? { resumeFrom: prepared.resumeFrom } : {}),
    healthEvery: args.healthEvery,
    ...(prepared.generated ? { generated: prepared.generated } : {}),
    ...(args.backend ? { backend: args.backend } : {}),
    ...(args.engine ? { engine: args.engine } : {}),
    ...(args.threads ? { threads: args.threads } : {}),
    ...(args.python ? { python: resolvePythonCommand(args.python, process.env, cwd) } : {}),
  });
  const exit = await trainer.exited;
  removeInterrupt();

  if (done) {
    // The coach hook: findings print after the curves, before the summary.
    const { findings, error: coachError } = coachFindings({ spec, rawSpec: prepared.rawSpec, history, dataset, health });
    for (const f of findings) output.finding(f);
    if (coachError) output.note(coachError);
    if (prepared.generatedInput) {
      const written = writeGeneratedSpec(prepared.generatedInput, cwd);
      if (written !== undefined) {
        prepared.specText = written.text;
        output.note(written.note);
      }
    }
    if (args.fix && prepared.specFile && prepared.specText !== undefined) {
      try {
        const chosen = chooseFinding(findings, args.finding);
        const applied = chosen?.fix ? applyFixToSpecFile(findings, prepared.specFile, prepared.specText, runDir, args.finding) : undefined;
        output.note(
          fixNote({
            findings,
            chosen,
            applied,
            specShown: relative(cwd, prepared.specFile),
            ...(applied ? { backupShown: relative(cwd, applied.backup) } : {}),
            ...(args.finding !== undefined ? { named: args.finding } : {}),
          }),
        );
      } catch (err) {
        output.note(`--fix left the spec unchanged: ${errorMessage(err)}`);
      }
    }
    // The last lines answer "what does this mean, and what do I do?" with this run's numbers.
    try {
      const markdown = runSummaryMarkdown({ history, findings, spec, dataset });
      const file = join(runDir, 'summary.md');
      if (existsSync(runDir)) writeFileSync(file, markdown);
      output.summary(markdown, relative(cwd, file) || file);
    } catch (err) {
      output.note(`the run summary failed: ${errorMessage(err)}`);
    }
    output.done(done, shownDir);
    if (interrupts > 0) return EXIT.interrupted;
    return done.reason === 'diverged' ? EXIT.trainingFailed : EXIT.done;
  }
  const how = exit.signal ?? `code ${exit.code}`;
  if (interrupts > 0) {
    settleRunInfo(runDir, 'interrupted', `the trainer was killed by a second Ctrl-C (${how})`);
    if (announced) output.note(`The trainer was killed; the run in ${shownDir} can be continued with: fitwatch train --resume ${shownDir}`);
    return EXIT.interrupted;
  }
  if (error) return exitCodeFor(error);
  const resumeHint = announced ? `The partial run stays in ${shownDir}; continue it with: fitwatch train --resume ${shownDir}` : 'No run folder was written.';
  if (exit.signal) {
    // Killed from outside (OOM killer, kill -9, a shutdown): not a bug, and the run is resumable.
    settleRunInfo(runDir, 'interrupted', `the trainer was killed (${how})`);
    output.problem({
      severity: 'error',
      code: 'cli/trainer-killed',
      message: `The trainer was killed (${how}) before the run finished.`,
      fix: `Something outside Fitwatch ended it (the kernel's out-of-memory killer, kill, a shutdown). ${resumeHint}`,
    });
    return EXIT.trainingFailed;
  }
  settleRunInfo(runDir, 'failed', `the trainer exited (${how}) without finishing the run`);
  const printed = env.log(trainer.stderr);
  output.problem({
    severity: 'error',
    code: 'cli/trainer-crashed',
    message: `The trainer exited (${how}) without finishing the run.`,
    fix: `${printed ? 'The trainer log is above. ' : ''}This is a bug in Fitwatch. ${resumeHint}`,
  });
  return EXIT.internal;
}

/**
 * `--fix` on a data file: write the generated spec beside it so there is a file to fix. An
 * existing spec of that name is the user's and is never overwritten.
 */
/** Why --fix cannot write this run's generated spec (none for --sample; a file already there), if so. */
function generatedSpecProblem(input: TrainInput, cwd: string): Problem | undefined {
  if (input.generatedSpecText === undefined || input.specFile === undefined) {
    return {
      severity: 'error',
      code: 'cli/fix-needs-spec',
      message: "--fix writes the coach's fix into a spec file, and --sample has none.",
      fix: 'Train a *.fitwatch.json spec or a data file with --fix.',
    };
  }
  const shown = relative(cwd, input.specFile) || input.specFile;
  if (!existsSync(input.specFile)) return undefined;
  return {
    severity: 'error',
    code: 'cli/spec-exists',
    message: `--fix would write the generated spec to ${shown}, which already exists.`,
    fix: `Train that spec instead (fitwatch train ${shown} --fix), or move it away.`,
    location: { file: shown },
  };
}

/** Writes a data file's generated spec (as the trainer settled it) beside it, so --fix has a file to edit; never over an existing file. */
function writeGeneratedSpec(input: TrainInput, cwd: string): { text: string; note: string } | undefined {
  if (generatedSpecProblem(input, cwd) || input.generatedSpecText === undefined || input.specFile === undefined) return undefined;
  writeFileSync(input.specFile, input.generatedSpecText, { flag: 'wx' });
  input.specText = input.generatedSpecText;
  return { text: input.generatedSpecText, note: `Wrote the generated spec to ${relative(cwd, input.specFile) || input.specFile}; the fix is applied to it.` };
}
