/** Command-line parsing for `fitwatch`, with errors that say which option is wrong and how to fix it. */
import { parseArgs } from 'node:util';
import type { BackendChoice, EngineChoice } from '../shared/spec';
import { errorMessage } from '../shared/error-message';
import { FINDING_CODES } from '../shared/findings';

/** `fitwatch train …` options. */
export interface TrainArgs {
  command: 'train';
  /** Spec or data file as typed; undefined with --sample. */
  target?: string;
  sample: boolean;
  epochs?: number;
  backend?: BackendChoice;
  engine?: EngineChoice;
  healthEvery: number;
  workspace?: string;
  json: boolean;
  /** Write the coach's preferred fix into the spec after the run. */
  fix: boolean;
  /** A run folder to resume from its checkpoint (`--resume <run folder>`). */
  resume?: string;
  /** With --fix: the finding code whose fix to write (default: the most severe warning or error; info findings only when named). */
  finding?: string;
  /** Overrides fit.seed: the same seed repeats the run. */
  seed?: number;
  /** The Python of the Keras engine (`--python`; else FITWATCH_PYTHON, else python3). */
  python?: string;
  /** Most threads for the fast engine's wide layers (`--threads`; default one fewer than the cores). */
  threads?: number;
}

/** `fitwatch predict <run> <data> …` options. */
export interface PredictArgs {
  command: 'predict';
  /** Run folder path, or a run id under <workspace>/.fitwatch/runs. */
  run: string;
  data: string;
  out?: string;
  /** Which saved model; default best when the run has one, else final. */
  model?: 'best' | 'final';
  /** Replace an existing --out file. */
  force: boolean;
  backend?: BackendChoice;
  workspace?: string;
  json: boolean;
}

/** What the command line asks for. */
export type CliArgs = TrainArgs | PredictArgs | { command: 'help' } | { command: 'version' };

/** A usage mistake; the CLI prints it with a pointer to --help and exits 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

function positiveInt(name: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) {
    throw new CliUsageError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got "${value}".`);
  }
  return n;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CliUsageError(`--${name} must be one of ${allowed.join(', ')}, got "${value}".`);
  return value as T;
}

/**
 * `--fix CODE` and `--fix=CODE` as `--fix --finding CODE`: naming the finding is how an info
 * finding's fix is applied, and the CLI's notes say `--fix CODE`. Only an exact finding code
 * after `--fix` is taken, so `--fix spec.json` still reads the file as the spec.
 */
export function fixWithCode(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    // After "--" every token is a positional (a file), as parseArgs reads it.
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--fix=')) out.push('--fix', '--finding', a.slice('--fix='.length));
    else if (a === '--fix' && (FINDING_CODES as readonly string[]).includes(argv[i + 1] ?? '')) out.push('--fix', '--finding', argv[++i]);
    else out.push(a);
  }
  return out;
}

/** Parses `argv` (without node and the script). */
export function parseCliArgs(argv: string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: fixWithCode(argv),
      allowPositionals: true,
      strict: true,
      options: {
        epochs: { type: 'string' },
        backend: { type: 'string' },
        engine: { type: 'string' },
        python: { type: 'string' },
        threads: { type: 'string' },
        'health-every': { type: 'string' },
        workspace: { type: 'string' },
        resume: { type: 'string' },
        json: { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        out: { type: 'string', short: 'o' },
        model: { type: 'string' },
        force: { type: 'boolean', default: false },
        finding: { type: 'string' },
        seed: { type: 'string' },
        sample: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (err) {
    throw new CliUsageError(errorMessage(err));
  }
  const { values, positionals } = parsed;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) return { command: 'help' };
  if (command === 'predict') return predictArgs(rest, values);
  if (command !== 'train') throw new CliUsageError(`unknown command "${command}" (the commands are train, predict, run and diagnose).`);
  for (const name of ['out', 'model'] as const) if (values[name] !== undefined) throw new CliUsageError(`--${name} belongs to "predict", not "train".`);
  if (values.force) throw new CliUsageError('--force belongs to "predict", not "train".');
  if (rest.length > 1) throw new CliUsageError(`train takes one file, got ${rest.length}: ${rest.join(' ')}.`);
  const target = rest[0];
  if (values.resume !== undefined) {
    if (target !== undefined || values.sample)
      throw new CliUsageError('--resume continues a run folder with its own spec: give no file and no --sample with it.');
    if (values.fix) throw new CliUsageError('--fix and --resume do not go together: a resumed run keeps the spec it started with.');
    if (values.resume === '') throw new CliUsageError('--resume needs a run folder, e.g. --resume .fitwatch/runs/<id>.');
  }
  if (target === undefined && !values.sample && values.resume === undefined)
    throw new CliUsageError('train needs a spec or data file, or --sample (or --resume <run folder>).');
  if (target !== undefined && values.sample) throw new CliUsageError('give either a file or --sample, not both.');
  const args: TrainArgs = {
    command: 'train',
    sample: Boolean(values.sample),
    json: Boolean(values.json),
    fix: Boolean(values.fix),
    healthEvery: positiveInt('health-every', values['health-every'], true) ?? 10,
  };
  if (target !== undefined) args.target = target;
  const epochs = positiveInt('epochs', values.epochs);
  if (epochs !== undefined) args.epochs = epochs;
  const backend = oneOf<BackendChoice>('backend', values.backend, ['auto', 'tensorflow', 'wasm', 'cpu']);
  if (backend) args.backend = backend;
  const engine = oneOf<EngineChoice>('engine', values.engine, ['auto', 'tfjs', 'fast', 'keras']);
  if (engine) args.engine = engine;
  if (values.workspace !== undefined) args.workspace = values.workspace;
  if (values.resume !== undefined) args.resume = values.resume;
  if (values.python !== undefined) {
    if (values.python.trim() === '') throw new CliUsageError('--python needs an interpreter, e.g. --python .venv/bin/python.');
    args.python = values.python;
  }
  const threads = positiveInt('threads', values.threads);
  if (threads !== undefined) args.threads = threads;
  const seed = positiveInt('seed', values.seed, true);
  if (seed !== undefined) args.seed = seed;
  if (values.finding !== undefined) {
    if (!args.fix) throw new CliUsageError('--finding picks which finding --fix writes the fix of; add --fix (or write --fix CODE).');
    args.finding = values.finding;
  }
  return args;
}

interface ParsedValues {
  out?: string;
  model?: string;
  force?: boolean;
  backend?: string;
  workspace?: string;
  json?: boolean;
  epochs?: string;
  engine?: string;
  python?: string;
  threads?: string;
  'health-every'?: string;
  fix?: boolean;
  sample?: boolean;
}

function predictArgs(rest: string[], values: ParsedValues): PredictArgs {
  if (rest.length !== 2) {
    throw new CliUsageError(
      `predict takes a run folder and a data file, got ${rest.length === 0 ? 'nothing' : rest.join(' ')} (usage: fitwatch predict <run folder> <data file> [--out FILE]).`,
    );
  }
  for (const name of ['epochs', 'engine', 'health-every', 'python', 'threads'] as const)
    if (values[name] !== undefined) throw new CliUsageError(`--${name} belongs to "train", not "predict".`);
  if (values.fix || values.sample) throw new CliUsageError(`--${values.fix ? 'fix' : 'sample'} belongs to "train", not "predict".`);
  const [run, data] = rest as [string, string];
  const args: PredictArgs = { command: 'predict', run, data, force: Boolean(values.force), json: Boolean(values.json) };
  if (values.out !== undefined) {
    if (values.out.trim() === '') throw new CliUsageError('--out needs a file name.');
    args.out = values.out;
  }
  const model = oneOf<'best' | 'final'>('model', values.model, ['best', 'final']);
  if (model) args.model = model;
  const backend = oneOf<BackendChoice>('backend', values.backend, ['auto', 'tensorflow', 'wasm', 'cpu']);
  if (backend) args.backend = backend;
  if (values.workspace !== undefined) args.workspace = values.workspace;
  return args;
}
