/** Command-line parsing for `fitwatch run` and `fitwatch diagnose`. */
import { parseArgs } from 'node:util';
import { CliUsageError } from './args';
import { errorMessage } from '../shared/error-message';

/** `fitwatch run <script.py> [--python PATH] [--workspace DIR] [--json] [-- script args]`. */
export interface RunArgs {
  command: 'run';
  script: string;
  /** Everything after the script (after `--`): the script's own arguments. */
  scriptArgs: string[];
  python?: string;
  workspace?: string;
  json: boolean;
}

/** `fitwatch diagnose <log | logdir | run folder> [--script train.py] [--json]`. */
export interface DiagnoseArgs {
  command: 'diagnose';
  target: string;
  /** The script that wrote the log: the coach then knows the model and can suggest fixes to it. */
  script?: string;
  json: boolean;
}

/** Parses the arguments after `run`: Fitwatch's options before or after the script, the script's own after `--`. */
export function parseRunArgs(argv: string[]): RunArgs {
  const args: RunArgs = { command: 'run', script: '', scriptArgs: [], json: false };
  let i = 0;
  for (; i < argv.length; i++) {
    const token = argv[i];
    if (token === '--') {
      i++;
      break;
    }
    if (token === '--json') {
      args.json = true;
    } else if (token === '--python' || token === '--workspace') {
      const value = argv[i + 1];
      if (value === undefined || value === '--')
        throw new CliUsageError(`${token} needs a value, e.g. ${token === '--python' ? '--python .venv/bin/python' : '--workspace .'}.`);
      if (token === '--python') args.python = value;
      else args.workspace = value;
      i++;
    } else if (token.startsWith('-')) {
      const hint = args.script ? ` If it is the script's, put it after --: fitwatch run ${args.script} -- ${argv.slice(i).join(' ')}.` : '';
      throw new CliUsageError(`run has no option "${token}" (its options are --python, --workspace, --json).${hint}`);
    } else if (!args.script) {
      args.script = token;
    } else {
      throw new CliUsageError(`put the script's arguments after --: fitwatch run ${args.script} -- ${argv.slice(i).join(' ')}.`);
    }
  }
  if (!args.script) {
    if (i < argv.length) args.script = argv[i++];
    else throw new CliUsageError('run needs a Python script: fitwatch run train.py [--python PATH] [--json] [-- script arguments].');
  }
  args.scriptArgs = argv.slice(i);
  return args;
}

/** Parses the arguments after `diagnose`. */
export function parseDiagnoseArgs(argv: string[]): DiagnoseArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { script: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
  } catch (err) {
    throw new CliUsageError(errorMessage(err));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new CliUsageError(`diagnose takes one log file, TensorBoard logdir or run folder, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}.`);
  }
  const args: DiagnoseArgs = { command: 'diagnose', target: positionals[0], json: Boolean(values.json) };
  if (typeof values.script === 'string') args.script = values.script;
  return args;
}
