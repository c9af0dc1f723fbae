/**
 * The in-editor suite: mocha tests that run inside a real extension host, against the real
 * Fitwatch extension. One bundle (`dist-test/suite.js`) serves two launchers:
 * `@vscode/test-electron` (`npm run test:vscode`, where VS Code desktop can be downloaded)
 * calls `run()`; inside code-server, the test-runner extension in test/vscode/runner calls it
 * and writes the results where the Playwright harness reads them.
 */
import Mocha from 'mocha';
import { registerSuite } from './fitwatch.suite';

/** One test's outcome, as written for the harness. */
export interface SuiteTestResult {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  durationMs: number;
  error?: string;
}

/** Runs the suite; resolves with per-test results, rejects only if mocha itself cannot run. */
export async function runSuite(): Promise<SuiteTestResult[]> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 120_000, color: false });
  registerSuite(mocha.suite);
  const results: SuiteTestResult[] = [];
  await new Promise<void>((done) => {
    const runner = mocha.run(() => done());
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration ?? 0 }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', durationMs: t.duration ?? 0, error: err.stack ?? err.message }));
    runner.on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending', durationMs: 0 }));
  });
  return results;
}

/** The entry point `@vscode/test-electron` calls: fails if any test failed. */
export async function run(): Promise<void> {
  const results = await runSuite();
  for (const r of results) console.log(`${r.state === 'passed' ? 'ok' : 'not ok'} ${r.title}${r.error ? `\n${r.error}` : ''}`);
  const failed = results.filter((r) => r.state !== 'passed');
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} in-editor tests failed`);
}
