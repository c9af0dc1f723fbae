/**
 * The trainer child process (bundled to dist/trainer.js, forked by `TrainerProcess`). It speaks
 * only the IPC protocol of src/shared/protocol/trainer.ts: nothing is parsed from stdout, and
 * stderr carries diagnostics (stacks) for error reports.
 *
 * It never outlives its parent: a closed IPC channel or a parent that is gone (its pid no longer
 * ours, or dead) ends the run within a second as `interrupted`, with the model and checkpoint
 * saved when there is time. Every way out writes a final run.json.
 */
import { FitwatchError, type Problem } from '../shared/location';
import type { TrainerWireMessage } from '../shared/protocol/trainer';
import { environmentProblem } from '../runs/fs-problems';
import { processAlive } from '../runs/liveness';
import { parseHostMessage } from './messages';
import { runTraining, type RunControl } from './run-training';
import { locateInSpec } from './spec-location';
import { errorMessage } from '../shared/error-message';

if (!process.send) {
  console.error('dist/trainer.js is a child process: start it with child_process.fork (e.g. via `fitwatch train`).');
  process.exit(3);
}

/** How often the parent's pid is checked (IPC 'disconnect' is the fast path; this catches the rest). */
const PARENT_POLL_MS = 200;
/** After the parent is lost, the run gets this long to stop, save and write run.json before the process exits anyway. */
const PARENT_LOST_GRACE_MS = 700;
/** After a signal asks for a stop, the longest wait for the graceful end. */
const SIGNAL_GRACE_MS = 4000;

const control: RunControl = {};
let started = false;
let specFile: string | undefined;
let exiting = false;
const parentPid = process.ppid;

/** Hands a message to the IPC channel; resolves once it is written (or the channel is gone). */
function send(msg: TrainerWireMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    try {
      process.send(msg, undefined, {}, () => resolve());
    } catch {
      resolve();
    }
  });
}

function problemOf(err: unknown): Problem {
  if (err instanceof FitwatchError) return locateInSpec(err.problem, specFile);
  const env = environmentProblem(err, 'write the run folder');
  if (env) return env;
  const message = errorMessage(err);
  return {
    severity: 'error',
    code: 'trainer/internal',
    message: `The trainer failed: ${message}`,
    fix: 'This is a bug in Fitwatch; the trainer log has the stack trace.',
  };
}

function exitNow(code: number): never {
  exiting = true;
  if (process.connected) process.disconnect();
  process.exit(code);
}

async function fail(err: unknown): Promise<never> {
  const problem = problemOf(err);
  if (problem.code === 'trainer/internal') console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  await send({ type: 'error', problem });
  return exitNow(1);
}

/** The last resort: run.json says why, then the process ends (whatever the loop is doing). */
function endHard(reason: string, code: number): never {
  control.writer?.finish({ status: 'interrupted', interruption: reason });
  return exitNow(code);
}

/** Asks the run to end as interrupted (the host is gone or a signal came); exits at the latest after `graceMs`. */
function interrupt(reason: string, code: number, graceMs: number): void {
  if (exiting) return;
  if (!control.loop) {
    // Still loading: nothing trained yet worth saving.
    if (control.writer && !control.writer.finished) control.writer.finish({ status: 'interrupted', interruption: reason });
    exitNow(code);
  }
  control.interruption ??= reason;
  control.loop?.stop();
  setTimeout(() => endHard(reason, code), graceMs).unref();
}

function parentLost(reason: string): void {
  interrupt(reason, 0, PARENT_LOST_GRACE_MS);
}

process.on('message', (raw: unknown) => {
  let msg;
  try {
    msg = parseHostMessage(raw);
  } catch (err) {
    void fail(err);
    return;
  }
  switch (msg.type) {
    case 'start': {
      if (started) {
        void fail(
          new FitwatchError({
            code: 'trainer/protocol',
            message: 'a second start message arrived; one trainer process runs one run.',
            fix: 'Fork a new trainer for each run.',
          }),
        );
        return;
      }
      started = true;
      specFile = msg.specFile;
      const start = msg;
      runTraining(start, send, control)
        .then(() => exitNow(0))
        .catch((err: unknown) => fail(err));
      return;
    }
    case 'stop':
      if (control.loop) control.loop.stop();
      else if (started) control.stopRequested = true;
      else exitNow(0);
      return;
    case 'setLearningRate':
      if (control.loop) control.loop.setLearningRate(msg.learningRate);
      else control.pendingLearningRate = msg.learningRate;
      return;
  }
});

// The host went away (closed window, reload, killed CLI): nobody is listening. Stop at once,
// keep what can be kept, and say so in run.json.
process.on('disconnect', () => {
  if (!exiting) parentLost('the host process went away during training (window closed or reloaded, or the CLI was killed)');
});

// Orphan check for when 'disconnect' does not come (a parent frozen or killed in a way the
// channel does not report): on POSIX an orphan is re-parented, on Windows the pid dies.
setInterval(() => {
  if (process.ppid !== parentPid || !processAlive(parentPid)) parentLost(`the host process (pid ${parentPid}) died during training`);
}, PARENT_POLL_MS).unref();

// Ctrl-C in a terminal signals the whole process group; the CLI also sends a stop over IPC.
// Either way the first one stops gracefully (model saved, `stopped`), a second ends at once.
let signals = 0;
function onSignal(signal: NodeJS.Signals, code: number, interruption?: string): void {
  signals += 1;
  if (signals > 1 || !started) return endHard(`${signal} received twice`, code);
  if (interruption) interrupt(interruption, code, SIGNAL_GRACE_MS);
  else {
    control.stopRequested = true;
    control.loop?.stop();
    setTimeout(() => endHard(`${signal}: the graceful stop took too long`, code), SIGNAL_GRACE_MS).unref();
  }
}
process.on('SIGINT', () => onSignal('SIGINT', 130));
process.on('SIGTERM', () => onSignal('SIGTERM', 143));
// A closed terminal: the user did not ask to stop, so the run stays resumable.
process.on('SIGHUP', () => onSignal('SIGHUP', 129, 'the terminal was closed (SIGHUP)'));

// A crash must not leave run.json `running`.
process.on('uncaughtException', (err) => {
  control.writer?.finish({ status: 'failed', error: errorMessage(err) });
  void fail(err);
});
process.on('unhandledRejection', (err) => {
  control.writer?.finish({ status: 'failed', error: errorMessage(err) });
  void fail(err);
});
