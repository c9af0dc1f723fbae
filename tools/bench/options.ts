/**
 * Command-line options of `npm run bench`, parsed and checked up front so a typo fails in the
 * first second with the list of valid names, not after minutes of measuring.
 */
import { parseArgs } from 'node:util';
import { errorMessage } from '../../src/shared/error-message';
import { DEFAULT_LOAD_PROCS } from './streaming-load';

/** Every part of the bench, in run order; `--only` takes a comma list of these. */
export const BENCH_PARTS = [
  'fast',
  'tfjs-tensorflow',
  'tfjs-wasm',
  'tfjs-cpu',
  'fit-wasm',
  'torch',
  'keras',
  'sklearn',
  'first-epoch',
  'streaming-load',
  'panel',
  'scaling',
] as const;

/** One part of the bench. */
export type BenchPart = (typeof BENCH_PARTS)[number];

/** How much to measure; the defaults keep a full run within a few minutes on 2 cores. */
export interface BenchOptions {
  help: boolean;
  json: boolean;
  /** Also write the JSON report to this file (handy because `npm run` prints its own banner on stdout). */
  out?: string;
  quick: boolean;
  /** Measured epochs (after one warm-up) for the tfjs engines and `model.fit`. */
  epochs: number;
  /** Measured epochs for the fast engine: cheap, and enough of them make the streaming share meaningful. */
  fastEpochs: number;
  /** Measured epochs of the PyTorch reference on the seed workload. */
  torchEpochs: number;
  /** Measured epochs of the Keras reference on the seed workload (each takes ~0.3 s, plus ~5 s to import TensorFlow). */
  kerasEpochs: number;
  /** Measured epochs of scikit-learn's MLPClassifier on the seed workload. */
  sklearnEpochs: number;
  /** Measured epochs of the widest scaling row (the cheaper rows run a multiple), after one warm-up. */
  scalingEpochs: number;
  parts: ReadonlySet<BenchPart>;
  /** Wait (up to `waitTimeoutS`) until the 1-minute load average is at most this, before measuring. */
  waitLoad?: number;
  waitTimeoutS: number;
  /** Busy processes the streaming-load part starts. */
  loadProcs: number;
}

/** Usage text for `--help` and for option errors. */
export const BENCH_USAGE = `npm run bench -- [--help] [--json] [--out FILE] [--quick] [--epochs N] [--only ${BENCH_PARTS.join(',')}] [--wait-load L] [--wait-timeout S] [--load-procs N]
  --json          print one JSON object (progress goes to stderr; \`npm run -s\` drops npm's own banner)
  --out FILE      also write that JSON object to FILE
  --quick         fewer epochs everywhere (a smoke run, not for publishing)
  --epochs N      measured epochs for the tfjs engines and model.fit (default 3; fast engine 50×N, PyTorch max(20, N))
  --only LIST     run only these parts (comma-separated)
  --wait-load L   before measuring, wait until the 1-minute load average is ≤ L (the machine may be shared)
  --wait-timeout S  give up waiting after S seconds and measure anyway (default 600)
  --load-procs N  busy processes the streaming-load part runs the seed under (default 2: load ≈ 3 on 2 cores)`;

function positiveInteger(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}".\n${BENCH_USAGE}`);
  return n;
}

function positiveNumber(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${raw}".\n${BENCH_USAGE}`);
  return n;
}

function isPart(s: string): s is BenchPart {
  return (BENCH_PARTS as readonly string[]).includes(s);
}

/** Parses `argv` (without node and the script); throws an Error with the usage on bad input. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        help: { type: 'boolean', short: 'h', default: false },
        json: { type: 'boolean', default: false },
        out: { type: 'string' },
        quick: { type: 'boolean', default: false },
        epochs: { type: 'string' },
        only: { type: 'string' },
        'wait-load': { type: 'string' },
        'wait-timeout': { type: 'string' },
        'load-procs': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new Error(`${errorMessage(err)}\n${BENCH_USAGE}`);
  }
  const quick = values.quick ?? false;
  const epochs = values.epochs !== undefined ? positiveInteger('--epochs', values.epochs) : quick ? 1 : 3;
  let parts: Set<BenchPart> = new Set(BENCH_PARTS);
  if (values.only !== undefined) {
    const names = values.only
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const unknown = names.filter((s) => !isPart(s));
    if (unknown.length > 0 || names.length === 0) {
      throw new Error(`--only: unknown part(s) ${unknown.map((u) => `"${u}"`).join(', ') || '(none given)'}; choose from ${BENCH_PARTS.join(', ')}.`);
    }
    parts = new Set(names.filter(isPart));
  }
  const options: BenchOptions = {
    help: values.help ?? false,
    json: values.json ?? false,
    quick,
    epochs,
    fastEpochs: 50 * epochs,
    torchEpochs: quick ? 5 : Math.max(20, epochs),
    kerasEpochs: quick ? 2 : Math.max(5, epochs),
    sklearnEpochs: quick ? 3 : Math.max(10, epochs),
    scalingEpochs: quick ? 1 : 2,
    parts,
    waitTimeoutS: values['wait-timeout'] !== undefined ? positiveInteger('--wait-timeout', values['wait-timeout']) : 600,
    loadProcs: values['load-procs'] !== undefined ? positiveInteger('--load-procs', values['load-procs']) : DEFAULT_LOAD_PROCS,
  };
  if (values.out !== undefined) {
    if (values.out === '') throw new Error(`--out needs a file name.\n${BENCH_USAGE}`);
    options.out = values.out;
  }
  if (values['wait-load'] !== undefined) options.waitLoad = positiveNumber('--wait-load', values['wait-load']);
  return options;
}
