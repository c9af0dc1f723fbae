#!/usr/bin/env node
// `npm run test:vscode`: the in-editor suite in VS Code desktop via @vscode/test-electron.
// It downloads VS Code, so it only runs where there is network; on these machines the same
// suite runs inside code-server (test/e2e/in-editor.test.ts).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const workspace = mkdtempSync(join(tmpdir(), 'fitwatch-vscode-'));
cpSync(join(repo, 'test/fixtures/workspace'), workspace, { recursive: true });
try {
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: join(repo, 'dist-test/suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
} catch (e) {
  console.error(`in-editor suite failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
