/**
 * Temporary workspaces for integration tests: a 600 × 8 learnable CSV and specs that train it,
 * plus helpers to run the real dist/trainer.js and collect what it says.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSpec } from '../../../src/shared/spec';
import type { FitwatchSpec } from '../../../src/shared/spec';
import type { TrainerToHost } from '../../../src/shared/protocol/trainer';
import { TrainerProcess, type StartRequest, type TrainerExit } from '../../../src/trainer/client';
import { Prng } from '../../../src/trainer/prng';

/** The repo's built trainer. */
export const TRAINER_JS = join(__dirname, '..', '..', '..', 'dist', 'trainer.js');

/** Writes data.csv: 8 features, a binary label from a noisy linear score; or 3 classes with `classes: 3`. */
export function makeWorkspace(opts: { rows?: number; classes?: 2 | 3 } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'fw-int-'));
  const rows = opts.rows ?? 600;
  const p = new Prng(12);
  const w = Array.from({ length: 8 }, () => p.next() * 2 - 1);
  const lines = ['f0,f1,f2,f3,f4,f5,f6,f7,label'];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: 8 }, () => p.next() * 4 - 2);
    const s = x.reduce((acc, v, i) => acc + v * w[i], 0) + (p.next() - 0.5) * 0.3;
    const label = opts.classes === 3 ? (s < -0.5 ? 0 : s < 0.5 ? 1 : 2) : s > 0 ? 1 : 0;
    lines.push([...x.map((v) => v.toFixed(4)), label].join(','));
  }
  writeFileSync(join(root, 'data.csv'), lines.join('\n') + '\n');
  return root;
}

/** A spec text on data.csv; `extra` is spliced into the top-level object. */
export function specText(
  opts: { epochs?: number; units?: number; loss?: string; activation?: string; lr?: number; seed?: number; extra?: string } = {},
): string {
  return `{
  "name": "int",
  "data": { "path": "data.csv", "labelColumn": "label", "normalize": "standard" },
  "model": { "layers": [
    { "type": "dense", "units": 8, "activation": "relu" },
    { "type": "dense", "units": ${opts.units ?? 1}, "activation": "${opts.activation ?? 'sigmoid'}" }
  ] },
  "compile": { "loss": "${opts.loss ?? 'binaryCrossentropy'}", "optimizer": { "type": "adam", "learningRate": ${opts.lr ?? 0.01} }, "metrics": ["accuracy"] },
  "fit": { "epochs": ${opts.epochs ?? 8}, "batchSize": 32, "validationSplit": 0.2, "shuffle": true${opts.seed === undefined ? '' : `, "seed": ${opts.seed}`} }${opts.extra ? `,\n  ${opts.extra}` : ''}
}
`;
}

/** Writes and parses a spec in `root`; throws if it does not parse. */
export function writeSpec(root: string, name: string, text: string): { spec: FitwatchSpec; file: string } {
  const file = join(root, name);
  writeFileSync(file, text);
  const r = parseSpec(text, file);
  if (!r.spec) throw new Error(`test spec does not parse: ${JSON.stringify(r.problems)}`);
  return { spec: r.spec, file };
}

/** A trainer run's messages and exit. */
export interface Collected {
  messages: TrainerToHost[];
  exit: TrainerExit;
  stderr: string;
}

/** Forks the trainer, starts `request`, lets `react` answer messages, and resolves at exit. */
export async function runTrainer(request: StartRequest, react?: (msg: TrainerToHost, t: TrainerProcess) => void): Promise<Collected> {
  const t = new TrainerProcess({ trainerPath: TRAINER_JS });
  const messages: TrainerToHost[] = [];
  t.onMessage((m) => {
    messages.push(m);
    react?.(m, t);
  });
  t.start(request);
  const exit = await t.exited;
  return { messages, exit, stderr: t.stderr };
}

/** A start request for a spec file in `root`. */
export function startFor(root: string, spec: FitwatchSpec, file: string | undefined, runId: string, extra: Partial<StartRequest> = {}): StartRequest {
  return { spec, specFile: file, workspaceRoot: root, runDir: join(root, '.fitwatch', 'runs', runId), runId, healthEvery: 0, ...extra };
}
