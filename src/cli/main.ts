/** The `fitwatch` command (bundled to dist/cli.js, the npm bin). */
import { environmentProblem } from '../runs/fs-problems';
import { formatProblem } from '../shared/location';
import { CliUsageError, parseCliArgs } from './args';
import { EXIT } from './exit-codes';
import { HELP_TEXT } from './help';
import { humanOutput, jsonOutput } from './output';
import { trainCommand } from './train';

/** The version printed by --version, injected at build time when available. */
const VERSION = process.env.npm_package_version ?? '0.1.0';

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (err) {
    if (err instanceof CliUsageError) {
      process.stderr.write(`fitwatch: ${err.message}\nRun fitwatch --help for usage.\n`);
      return EXIT.badInput;
    }
    throw err;
  }
  if (args.command === 'help') {
    process.stdout.write(HELP_TEXT);
    return EXIT.done;
  }
  if (args.command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.done;
  }
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  const err = (line: string): void => void process.stderr.write(`${line}\n`);
  return trainCommand(args, {
    cwd: process.cwd(),
    output: args.json ? jsonOutput(out) : humanOutput(out, err),
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
    log: (text) => {
      if (!text.trim()) return false;
      process.stderr.write(`--- trainer log ---\n${text}${text.endsWith('\n') ? '' : '\n'}-------------------\n`);
      return true;
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    const env = environmentProblem(e, 'run the command');
    if (env) {
      process.stderr.write(`${formatProblem(env)}\n`);
      process.exitCode = EXIT.badInput;
      return;
    }
    const problem = { severity: 'error' as const, code: 'cli/internal', message: e instanceof Error ? e.message : String(e) };
    process.stderr.write(`${formatProblem(problem)}\n${e instanceof Error && e.stack ? e.stack : ''}\n`);
    process.exitCode = EXIT.internal;
  },
);
