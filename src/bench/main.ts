/**
 * `npm run bench [-- --json] [-- --epochs N]`: the seed workload (50,000 × 64 embedded sample,
 * 64 → 16 → 16 → 1, Adam 0.01, batch 200, split 0.2) through the real trainer process, per
 * engine and backend, plus the PyTorch reference when available. --json prints ONE object.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { SEED_SPEC_TEXT } from '../cli/sample-spec';
import { parseSpec } from '../shared/spec';
import { defaultTrainerPath } from '../trainer/client';
import { measureTrainer, type TrainerConfig, type TrainerMeasurement } from './measure-trainer';
import { runTorchReference } from './torch-reference';

/** Measured epochs per configuration after the warm-up one; the fast engine gets more (they are cheap). */
const DEFAULT_EPOCHS = 3;
const FAST_EPOCHS_FACTOR = 5;

const CONFIGS: TrainerConfig[] = [
  { label: 'fast', engine: 'fast' },
  { label: 'tfjs-tensorflow', engine: 'tfjs', backend: 'tensorflow' },
  { label: 'tfjs-wasm', engine: 'tfjs', backend: 'wasm' },
  { label: 'tfjs-cpu', engine: 'tfjs', backend: 'cpu' },
];

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function fmt(v: number | undefined, digits = 0): string {
  return v === undefined ? '-' : v.toFixed(digits);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { json: { type: 'boolean', default: false }, epochs: { type: 'string' } }, strict: true });
  const measured = values.epochs !== undefined ? Number(values.epochs) : DEFAULT_EPOCHS;
  if (!Number.isInteger(measured) || measured < 1) throw new Error(`--epochs must be a positive integer, got "${values.epochs}"`);
  const parsed = parseSpec(SEED_SPEC_TEXT, 'seed.fitwatch.json');
  if (!parsed.spec) throw new Error(`the seed spec does not parse: ${JSON.stringify(parsed.problems)}`);
  const root = repoRoot();
  const trainerPath = defaultTrainerPath();
  const workspace = mkdtempSync(join(tmpdir(), 'fitwatch-bench-'));
  const log = (line: string): void => {
    if (!values.json) process.stdout.write(`${line}\n`);
  };
  log(`Seed workload: 50,000 × 64, 64 → 16 relu → 16 relu → 1 sigmoid, Adam 0.01, batch 200, validation_split 0.2`);
  log(`${measured} measured epoch(s) after 1 warm-up (fast engine: ${measured * FAST_EPOCHS_FACTOR}); trainer ${trainerPath}\n`);
  const results: TrainerMeasurement[] = [];
  try {
    for (const config of CONFIGS) {
      const spec = structuredClone(parsed.spec);
      spec.fit.epochs = 1 + (config.engine === 'fast' ? measured * FAST_EPOCHS_FACTOR : measured);
      const m = await measureTrainer(config, spec, workspace, trainerPath);
      results.push(m);
      if (m.skipped) log(`${config.label.padEnd(16)} skipped: ${m.skipped}`);
      else {
        log(
          `${config.label.padEnd(16)} ${fmt(m.msPerEpochMedian).padStart(6)} ms/epoch (min ${fmt(m.msPerEpochMin)})` +
            `  first epoch ${fmt(m.firstEpochMs)} ms  start→first epoch ${fmt(m.startToFirstEpochMs)} ms` +
            `  peak RSS ${fmt(m.peakRssMb)} MB  streaming ${fmt(m.streamMsPerEpoch, 2)} ms/epoch (${fmt((m.streamShare ?? 0) * 100, 2)}%)` +
            `  [${m.engine}/${m.backend}${m.versions?.fast ? ` ${m.versions.fast}` : ''}]`,
        );
      }
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  const torch = runTorchReference(root, 1 + measured);
  if (torch.ok) log(`${'torch'.padEnd(16)} ${String(torch.result.median_ms_per_epoch).padStart(6)} ms/epoch (PyTorch ${String(torch.result.torch_version)}, ${String(torch.result.threads)} threads)`);
  else log(`${'torch'.padEnd(16)} skipped: ${torch.skipped}`);
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        workload: { rows: 50000, features: 64, model: '64-16-16-1', batchSize: 200, validationSplit: 0.2, measuredEpochs: measured },
        node: process.versions.node,
        cpus: (await import('node:os')).cpus().length,
        results,
        torch: torch.ok ? torch.result : { skipped: torch.skipped },
      })}\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
