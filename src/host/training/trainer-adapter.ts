/** Forks the trainer bundle of this extension and adapts `TrainerProcess` to a session's needs. */
import { join } from 'node:path';
import { TrainerProcess } from '../../trainer/client';
import type { TrainerHandle } from './training-session';

/** A trainer process running `<extension>/dist/trainer.js`. */
export function createTrainerHandle(extensionPath: string): TrainerHandle {
  const p = new TrainerProcess({ trainerPath: join(extensionPath, 'dist', 'trainer.js') });
  return {
    start: ({ type: _type, protocol: _protocol, ...request }) => p.start(request),
    stop: async (timeoutMs) => void (await p.stop(timeoutMs)),
    setLearningRate: (lr) => p.setLearningRate(lr),
    onMessage: (listener) => p.onMessage(listener),
    exited: p.exited,
    log: () => p.stderr,
    dispose: () => p.dispose(),
  };
}
