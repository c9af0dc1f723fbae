/**
 * `npm run bench [-- --json] [-- --quick] [-- --epochs N] [-- --only a,b]`: everything issue #6
 * asks to measure, on this machine, in one run. --json prints ONE object on stdout (progress
 * goes to stderr); without it the progress and a Markdown summary go to stdout.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { defaultTrainerPath } from '../../src/trainer/client';
import { FIT_CHILD_FLAG, runFitChild } from './fit-child';
import { waitForLoad } from './machine-load';
import { BENCH_USAGE, parseBenchOptions } from './options';
import { formatReport } from './report';
import { defaultBenchPaths, runBench } from './run-bench';

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === FIT_CHILD_FLAG) return runFitChild(argv.slice(1));
  const options = parseBenchOptions(argv);
  if (options.help) {
    process.stdout.write(`${BENCH_USAGE}\n`);
    return;
  }
  const log = (line: string): void => void (options.json ? process.stderr : process.stdout).write(`${line}\n`);
  const waited = options.waitLoad !== undefined ? await waitForLoad(options.waitLoad, options.waitTimeoutS, log) : undefined;
  const command = ['npm run bench', ...(argv.length > 0 ? ['--', ...argv] : [])].join(' ');
  const report = await runBench(options, defaultBenchPaths(repoRoot(), defaultTrainerPath(), process.argv[1]), command, log);
  if (waited !== undefined) report.machine.waitedForLoadS = waited;
  const json = `${JSON.stringify(report)}\n`;
  if (options.out) writeFileSync(options.out, json);
  if (options.json) process.stdout.write(json);
  else process.stdout.write(`\n${formatReport(report)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
