/**
 * `fitwatch train`: resolve the input, fork the trainer, print what it reports, handle Ctrl-C,
 * and map the outcome to an exit code.
 */
import { join, relative } from 'node:path';
import type { DatasetSummary } from '../shared/dataset';
import { FitwatchError, type Problem } from '../shared/location';
import type { History } from '../shared/metrics';
import type { DoneMessage, LayerHealth, TrainerToHost } from '../shared/protocol/trainer';
import { newRunId, RUNS_FOLDER } from '../runs/run-id';
import { TrainerProcess } from '../trainer/client';
import type { TrainArgs } from './args';
import { EXIT } from './exit-codes';
import { applyFixToSpecFile, chooseFinding } from './apply-fix';
import { describeModel } from './describe-model';
import { runSummaryMarkdown } from '../coach/run-summary';
import { existsSync, writeFileSync } from 'node:fs';
import type { Finding } from '../shared/findings';
import type { TrainInput } from './resolve-input';
import { coachFindings } from './findings';
import type { Output } from './output';
import { resolveTrainInput, SpecProblems } from './resolve-input';

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
    const written = writeGeneratedSpec(input, cwd);
    if ('problem' in written) {
      output.problem(written.problem);
      return EXIT.badInput;
    }
    output.note(written.note);
  }
  const spec = input.spec;
  if (args.epochs !== undefined) spec.fit.epochs = args.epochs;
  if (args.seed !== undefined) spec.fit.seed = args.seed;

  const runId = newRunId(spec.name);
  const runDir = join(input.workspaceRoot, RUNS_FOLDER, runId);
  output.run({ id: runId, dir: relative(cwd, runDir) || runDir, input: input.label });

  const trainer = new TrainerProcess({ trainerPath: env.trainerPath });
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
        const chosen = chooseFinding(findings, args.finding);
        const applied = chosen?.fix ? applyFixToSpecFile(findings, input.specFile, input.specText, runDir, args.finding) : undefined;
        output.note(
          applied
            ? `Applied "${applied.fix.title}" (the fix of ${applied.finding.code}) to ${relative(cwd, input.specFile)}; the previous text is in ${relative(cwd, applied.backup)}.`
            : chosen
              ? `${chosen.finding.code} has no spec fix, so the spec was not changed${chosen.finding.noSpecFix ? `: ${chosen.finding.noSpecFix}` : '.'}` +
                `${otherFixable(findings, chosen.finding.code)}`
              : args.finding
                ? `No open finding is "${args.finding}" (open: ${findings.map((f) => f.code).join(', ') || 'none'}): nothing was changed.`
                : 'The coach found nothing to fix: nothing was changed.',
        );
      } catch (err) {
        output.note(`--fix left the spec unchanged: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    // The last lines answer "what does this mean, and what do I do?" with this run's numbers.
    try {
      const markdown = runSummaryMarkdown({ history, findings, spec, dataset });
      const file = join(runDir, 'summary.md');
      if (existsSync(runDir)) writeFileSync(file, markdown);
      output.summary(markdown, relative(cwd, file) || file);
    } catch (err) {
      output.note(`the run summary failed: ${err instanceof Error ? err.message : String(err)}`);
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

/** " Another finding has one: --fix --finding X." when some other open finding has a spec fix. */
function otherFixable(findings: readonly Finding[], except: string): string {
  const other = findings.find((f) => f.code !== except && f.fixes.some((x) => x.specEdits.length > 0));
  return other ? ` ${other.code} has one: run again with --fix --finding ${other.code}.` : '';
}

/**
 * `--fix` on a data file: write the generated spec beside it so there is a file to fix. An
 * existing spec of that name is the user's and is never overwritten.
 */
function writeGeneratedSpec(input: TrainInput, cwd: string): { note: string } | { problem: Problem } {
  if (input.generatedSpecText === undefined || input.specFile === undefined) {
    return {
      problem: {
        severity: 'error',
        code: 'cli/fix-needs-spec',
        message: "--fix writes the coach's fix into a spec file, and --sample has none.",
        fix: 'Train a *.fitwatch.json spec or a data file with --fix.',
      },
    };
  }
  const shown = relative(cwd, input.specFile) || input.specFile;
  if (existsSync(input.specFile)) {
    return {
      problem: {
        severity: 'error',
        code: 'cli/spec-exists',
        message: `--fix would write the generated spec to ${shown}, which already exists.`,
        fix: `Train that spec instead (fitwatch train ${shown} --fix), or move it away.`,
        location: { file: shown },
      },
    };
  }
  writeFileSync(input.specFile, input.generatedSpecText);
  input.specText = input.generatedSpecText;
  return { note: `Wrote the generated spec to ${shown}; --fix will edit it after the run.` };
}
