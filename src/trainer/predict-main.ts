/**
 * The predict child process (bundled to dist/predict.js, forked by `fitwatch predict`): it loads
 * tfjs, which the CLI must not. One `predict` request over IPC, one `result` or `error` back.
 */
import { FitwatchError, type Problem } from '../shared/location';
import type { PredictRequest, PredictToCli } from '../shared/protocol/predict';
import { runPredict } from './predict/run-predict';
import { errorMessage } from '../shared/error-message';

if (!process.send) {
  console.error('dist/predict.js is a child process: run it through `fitwatch predict`.');
  process.exit(3);
}

function send(msg: PredictToCli): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

function problemOf(err: unknown): Problem {
  if (err instanceof FitwatchError) return err.problem;
  return {
    severity: 'error',
    code: 'predict/internal',
    message: `Prediction failed: ${errorMessage(err)}`,
    fix: 'This is a bug in Fitwatch; the stack trace is above.',
  };
}

function isRequest(v: unknown): v is PredictRequest {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  return (
    m.type === 'predict' &&
    typeof m.runDir === 'string' &&
    typeof m.dataPath === 'string' &&
    (m.model === 'best' || m.model === 'final') &&
    (m.rowLosses === undefined || typeof m.rowLosses === 'boolean')
  );
}

let busy = false;
process.on('message', (raw: unknown) => {
  if (busy) return;
  busy = true;
  if (!isRequest(raw)) {
    void send({
      type: 'error',
      problem: problemOf(
        new FitwatchError({
          code: 'predict/protocol',
          message: `unreadable request: ${JSON.stringify(raw)?.slice(0, 200)}`,
          fix: 'Rebuild (npm run build) so the CLI and dist/predict.js match.',
        }),
      ),
    }).then(() => process.exit(3));
    return;
  }
  runPredict(raw).then(
    async (result) => {
      await send(result);
      process.exit(0);
    },
    async (err: unknown) => {
      if (!(err instanceof FitwatchError)) console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      await send({ type: 'error', problem: problemOf(err) });
      process.exit(1);
    },
  );
});

// The CLI went away: nobody reads the predictions, so stop.
process.on('disconnect', () => process.exit(0));
