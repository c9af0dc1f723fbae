/**
 * Train → first epoch on the seed CSV, as a user meets it: the embedded sample exported once to
 * a real CSV next to a seed spec that points at it, then trained (a) through the trainer child
 * process the way the VS Code host starts it and (b) through `fitwatch train --json`, the CLI.
 * Both parse the CSV from scratch, so the figure includes reading 50,000 × 64 numbers.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { applyEdits, modify } from 'jsonc-parser';
import { SEED_SPEC_TEXT } from '../../src/cli/sample-spec';
import { generateSeedSample, writeCsv } from '../../src/data/sample';
import { parseSpec, type FitwatchSpec } from '../../src/shared/spec';
import { measureTrainer, type TrainerMeasurement } from './measure-trainer';

/** The seed spec and its CSV, written into a folder. */
export interface SeedCsvWorkspace {
  specFile: string;
  csvFile: string;
  spec: FitwatchSpec;
  /** Time to generate the sample and write the CSV (not part of the user's wait). */
  exportMs: number;
}

/** The seed spec's text with `data` pointing at `csvName` beside it; comments are kept. */
export function seedSpecForCsv(csvName: string): string {
  return applyEdits(SEED_SPEC_TEXT, modify(SEED_SPEC_TEXT, ['data'], { path: csvName }, { formattingOptions: { insertSpaces: true, tabSize: 2 } }));
}

/** Writes `seed.csv` and `seed.fitwatch.json` into `dir`. */
export async function writeSeedCsvWorkspace(dir: string): Promise<SeedCsvWorkspace> {
  const t0 = performance.now();
  const csvFile = join(dir, 'seed.csv');
  await writeCsv(csvFile, generateSeedSample());
  const exportMs = performance.now() - t0;
  const specFile = join(dir, 'seed.fitwatch.json');
  const text = seedSpecForCsv('seed.csv');
  writeFileSync(specFile, text);
  const parsed = parseSpec(text, specFile);
  if (!parsed.spec) throw new Error(`the seed CSV spec does not parse: ${JSON.stringify(parsed.problems)}`);
  return { specFile, csvFile, spec: parsed.spec, exportMs };
}

/** The trainer-process path (what the Train button does): fork → first epoch message. */
export async function firstEpochViaTrainer(ws: SeedCsvWorkspace, workspaceRoot: string, trainerPath: string, epochs: number): Promise<TrainerMeasurement> {
  const spec = structuredClone(ws.spec);
  spec.fit.epochs = epochs;
  return measureTrainer({ label: 'seed-csv', engine: spec.engine, specFile: ws.specFile }, spec, workspaceRoot, trainerPath);
}

/** What the CLI path measured. */
export interface CliFirstEpoch {
  /** From spawning `node dist/cli.js` to its first `epoch` line on stdout. */
  startToFirstEpochMs: number;
  engine?: string;
  exitCode: number | null;
}

/** Spawns `fitwatch train <spec> --json` and times its first epoch line; rejects with the CLI's stderr if it fails. */
export function firstEpochViaCli(ws: SeedCsvWorkspace, workspaceRoot: string, cliPath: string, epochs: number): Promise<CliFirstEpoch> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [cliPath, 'train', ws.specFile, '--json', '--epochs', String(epochs), '--health-every', '0', '--workspace', workspaceRoot],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let firstEpochMs: number | undefined;
    let engine: string | undefined;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch {
        return;
      }
      if (typeof msg !== 'object' || msg === null) return;
      const m = msg as { type?: unknown; engine?: unknown };
      if (m.type === 'ready' && typeof m.engine === 'string') engine = m.engine;
      if (m.type === 'epoch' && firstEpochMs === undefined) firstEpochMs = performance.now() - t0;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (firstEpochMs === undefined) reject(new Error(`fitwatch train exited ${code} without an epoch: ${stderr.trim().slice(-500)}`));
      else resolve({ startToFirstEpochMs: firstEpochMs, exitCode: code, ...(engine ? { engine } : {}) });
    });
  });
}
