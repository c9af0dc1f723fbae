/**
 * In-editor tests: the real extension in a real extension host, driven through the public
 * `vscode` API, observed through the API and the runs it leaves on disk.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import Mocha from 'mocha';

const COMMANDS = [
  'fitwatch.train', 'fitwatch.stop', 'fitwatch.showCurves', 'fitwatch.reduceLr', 'fitwatch.newSpec',
  'fitwatch.openRun', 'fitwatch.compareRuns', 'fitwatch.exportCurves', 'fitwatch.trainDataset',
];

/** Adds the in-editor tests to `root`. */
export function registerSuite(root: Mocha.Suite): void {
  const suite = Mocha.Suite.create(root, 'Fitwatch in the editor');

  suite.addTest(
    new Mocha.Test('registers every command of its manifest', async () => {
      const ext = vscode.extensions.getExtension('fitwatch.fitwatch');
      assert.ok(ext, 'the Fitwatch extension is installed');
      await ext.activate();
      const all = new Set(await vscode.commands.getCommands(true));
      const missing = COMMANDS.filter((c) => !all.has(c));
      assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
    }),
  );
}
