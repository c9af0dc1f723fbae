/**
 * One training run through the real trainer child (dist/trainer.js), collected into memory:
 * the epochs, the dataset summary, health probes and how it ended.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatasetSummary } from '../../src/shared/dataset';
import { FitwatchError, type Problem } from '../../src/shared/location';
import type { History } from '../../src/shared/metrics';
import type { DoneMessage, LayerHealth } from '../../src/shared/protocol/trainer';
import type { FitwatchSpec } from '../../src/shared/spec';
import { TrainerProcess } from '../../src/trainer/client';

/** Everything one run produced. */
export interface TrainedRun {
  history: History;
  dataset?: DatasetSummary;
  health: { epoch: number; layers: LayerHealth[] }[];
  done: DoneMessage;
  backend: string;
  engine: string;
  wallMs: number;
  /** The run folder (model-best, model-final, preprocessing.json); the caller removes it. */
  runDir: string;
}

/** Trains `spec` to the end in a fresh trainer process; a trainer error is thrown as a FitwatchError. */
export async function trainOnce(spec: FitwatchSpec, specFile: string, workspaceRoot: string, healthEvery = 10): Promise<TrainedRun> {
  const runDir = mkdtempSync(join(tmpdir(), 'fitwatch-coach-eval-'));
  const trainer = new TrainerProcess();
  const history: History = [];
  const health: TrainedRun['health'] = [];
  let dataset: DatasetSummary | undefined;
  let backend = '?';
  let engine = '?';
  const started = Date.now();
  try {
    const outcome = await new Promise<DoneMessage | Problem>((resolve) => {
      trainer.onMessage((msg) => {
        if (msg.type === 'ready') {
          backend = msg.backend;
          engine = msg.engine;
        } else if (msg.type === 'dataset') dataset = msg.summary;
        else if (msg.type === 'epoch') history.push(msg.record);
        else if (msg.type === 'health') health.push({ epoch: msg.epoch, layers: msg.layers });
        else if (msg.type === 'done') resolve(msg);
        else if (msg.type === 'error') resolve(msg.problem);
      });
      void trainer.exited.then((exit) =>
        resolve({
          severity: 'error',
          code: 'coach-eval/trainer-exit',
          message: `The trainer exited (code ${exit.code}, signal ${exit.signal}) before finishing. Its log:\n${trainer.stderr.slice(-2000)}`,
        }),
      );
      trainer.start({ spec, specFile, workspaceRoot, runDir, runId: `coach-eval-${Date.now()}`, healthEvery });
    });
    if ('severity' in outcome) throw new FitwatchError({ ...outcome, severity: 'error' });
    return { history, dataset, health, done: outcome, backend, engine, wallMs: Date.now() - started, runDir };
  } finally {
    await trainer.exited.catch(() => undefined);
    trainer.dispose();
  }
}
