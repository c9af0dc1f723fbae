/** `fitwatch run` and `fitwatch diagnose`: their argument parsing, output and process hooks. */
import { CliUsageError } from './args';
import { diagnoseCommand } from './diagnose-command';
import { EXIT } from './exit-codes';
import { parseDiagnoseArgs, parseRunArgs } from './run-args';
import { runCommand } from './run-command';
import { humanRunOutput, jsonRunOutput } from './run-output';

/** True when `argv` (without node and the script) is one of these commands. */
export function isKerasCommand(argv: string[]): boolean {
  return argv[0] === 'run' || argv[0] === 'diagnose';
}

/** Runs the command; resolves to the exit code. */
export async function kerasMain(argv: string[]): Promise<number> {
  let args;
  try {
    args = argv[0] === 'run' ? parseRunArgs(argv.slice(1)) : parseDiagnoseArgs(argv.slice(1));
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`fitwatch: ${err.message}\nRun fitwatch --help for usage.\n`);
      return EXIT.badInput;
    }
    throw err;
  }
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  const output = args.json
    ? jsonRunOutput(out)
    : humanRunOutput(out, err, { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) });
  if (args.command === 'diagnose') return diagnoseCommand(args, { cwd: process.cwd(), output });
  return runCommand(args, {
    cwd: process.cwd(),
    env: process.env,
    output,
    stdout: args.json ? 'pipe' : 'inherit',
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  });
}
