/**
 * The in-editor suite (test/vscode/suite), run inside code-server's real extension host by
 * the test-profile-only runner extension; the same bundle runs under @vscode/test-electron
 * with `npm run test:vscode` where VS Code desktop can be downloaded. Each in-editor test is
 * reported here as a subtest.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO, startCodeServer } from './harness/code-server';
import { waitFor } from './harness/wait';
import { openWorkbench, screenshot } from './harness/workbench';

interface SuiteResults {
  results: { title: string; state: string; durationMs: number; error?: string }[];
  crash?: string;
}

test('in-editor suite inside code-server', { timeout: 600_000 }, async (t) => {
  const runner = join(REPO, 'dist-test/runner');
  assert.ok(existsSync(join(runner, 'runner.js')), 'dist-test/runner is built (npm run build)');
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'fitwatch-suite-')), 'results.json');
  const cs = await startCodeServer(join(REPO, 'test/fixtures/workspace'), {
    extensions: { 'fitwatch.fitwatch-test-runner-0.0.1': runner },
    env: { FITWATCH_SUITE_RESULTS: resultsFile },
  });
  // The extension host starts when a window connects: open one and leave it be.
  const wb = await openWorkbench(cs.url);
  try {
    await waitFor('the in-editor suite to write its results', 480_000, () => existsSync(resultsFile), 500);
  } finally {
    await screenshot(wb.page, 'in-editor-suite').catch(() => undefined);
    await wb.close();
    await cs.close();
  }
  const out = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
  assert.equal(out.crash, undefined, `the suite crashed: ${out.crash}`);
  assert.ok(out.results.length > 0, 'the suite ran tests');
  for (const r of out.results) {
    await t.test(r.title, () => {
      assert.equal(r.state, 'passed', r.error ?? r.state);
    });
  }
});
