/**
 * The trainer child process (bundled to dist/trainer.js, forked by `TrainerProcess`). It speaks
 * only the IPC protocol of src/shared/protocol/trainer.ts: nothing is parsed from stdout, and
 * stderr carries diagnostics (stacks) for error reports.
 */
import { FitwatchError, type Problem } from '../shared/location';
import type { TrainerToHost } from '../shared/protocol/trainer';
import { parseHostMessage } from './messages';
import { runTraining, type RunControl } from './run-training';
import { locateInSpec } from './spec-location';
import { errorMessage } from '../shared/error-message';

if (!process.send) {
  console.error('dist/trainer.js is a child process: start it with child_process.fork (e.g. via `fitwatch train`).');
  process.exit(3);
}

const control: RunControl = {};
let started = false;
let specFile: string | undefined;

/** Hands a message to the IPC channel; resolves once it is written (or the channel is gone). */
function send(msg: TrainerToHost): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

function problemOf(err: unknown): Problem {
  if (err instanceof FitwatchError) return locateInSpec(err.problem, specFile);
  const message = errorMessage(err);
  return {
    severity: 'error',
    code: 'trainer/internal',
    message: `The trainer failed: ${message}`,
    fix: 'This is a bug in Fitwatch; the trainer log has the stack trace.',
  };
}

async function exitAfter(code: number): Promise<never> {
  // Let the last message drain before the channel closes.
  if (process.connected) process.disconnect();
  process.exit(code);
}

async function fail(err: unknown): Promise<never> {
  if (!(err instanceof FitwatchError)) console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  await send({ type: 'error', problem: problemOf(err) });
  return exitAfter(1);
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
        void fail(new FitwatchError({ code: 'trainer/protocol', message: 'a second start message arrived; one trainer process runs one run.', fix: 'Fork a new trainer for each run.' }));
        return;
      }
      started = true;
      specFile = msg.specFile;
      const start = msg;
      runTraining(start, send, control)
        .then(() => exitAfter(0))
        .catch((err: unknown) => fail(err));
      return;
    }
    case 'stop':
      if (control.loop) control.loop.stop();
      else if (started) control.stopRequested = true;
      else void exitAfter(0);
      return;
    case 'setLearningRate':
      if (control.loop) control.loop.setLearningRate(msg.learningRate);
      else control.pendingLearningRate = msg.learningRate;
      return;
  }
});

// The host went away (closed window, killed CLI): nobody is listening, so stop at once. The run
// folder keeps its rows; run.json says why instead of pretending to be still running.
process.on('disconnect', () => {
  control.writer?.finish({ status: 'failed', error: 'the host process went away during training' });
  process.exit(0);
});

// Ctrl-C in a terminal signals the whole process group: the host decides (graceful stop message),
// so the trainer must not die on SIGINT by itself. SIGTERM is a polite stop.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => {
  if (control.loop) control.loop.stop();
  else process.exit(143);
});
