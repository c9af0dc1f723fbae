/**
 * In-editor tests: the real extension in a real extension host, driven through commands
 * (as menus and the palette do) and observed through the extension's API, diagnostics,
 * code actions and the runs it leaves on disk.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import Mocha from 'mocha';
import type { FitwatchApi } from '../../../src/host/host';
import { parseSpec } from '../../../src/shared/spec/parse';

/** Every command the installed extension's manifest contributes (menus and the palette show them all). */
function manifestCommands(ext: vscode.Extension<FitwatchApi>): string[] {
  const manifest = ext.packageJSON as { contributes?: { commands?: { command: string }[] } };
  return (manifest.contributes?.commands ?? []).map((c) => c.command);
}
const QUIET = { ifRunning: 'restart', showCurves: false, notify: false };

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, rel);
}

async function api(): Promise<FitwatchApi> {
  const ext = vscode.extensions.getExtension<FitwatchApi>('fitwatch.fitwatch');
  assert.ok(ext, 'the Fitwatch extension is installed');
  return ext.activate();
}

/** Polls until `check` holds; fails saying what it waited for. */
async function until(what: string, timeoutMs: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}

async function train(rel: string): Promise<string> {
  const runId = await vscode.commands.executeCommand<string | undefined>('fitwatch.train', workspaceFile(rel), QUIET);
  assert.ok(runId, `Train returned a run id for ${rel}`);
  return runId;
}

function fitwatchDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'fitwatch');
}

/** Adds the in-editor tests to `root`. */
export function registerSuite(root: Mocha.Suite): void {
  const suite = Mocha.Suite.create(root, 'Fitwatch in the editor');
  const test = (title: string, fn: () => Promise<void>) => suite.addTest(new Mocha.Test(title, fn));

  test('registers every command of its manifest', async () => {
    await api();
    const ext = vscode.extensions.getExtension<FitwatchApi>('fitwatch.fitwatch');
    assert.ok(ext);
    const commands = manifestCommands(ext);
    assert.ok(
      commands.includes('fitwatch.keras.runScript') && commands.includes('fitwatch.keras.openTensorBoard'),
      `the manifest lists the commands: ${commands.join(', ')}`,
    );
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = commands.filter((c) => !all.has(c));
    assert.deepEqual(missing, [], `commands not registered: ${missing.join(', ')}`);
  });

  test('trains a spec to the end and leaves the run on disk', async () => {
    const fw = await api();
    const runId = await train('plateau.fitwatch.json');
    const info = await fw.whenEnded(runId);
    assert.equal(info?.status, 'completed');
    assert.equal(info?.epochs, 150);
    const dir = workspaceFile(`.fitwatch/runs/${runId}`).fsPath;
    const csv = readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n');
    assert.equal(csv.length, 151, 'metrics.csv: a header and one row per epoch');
    assert.match(csv[0], /^epoch,acc,learning_rate,loss,val_acc,val_loss$/);
    assert.ok(existsSync(join(dir, 'model-final', 'model.json')), 'the final model is saved');
  });

  test("puts the coach's findings on the spec and fixes one with a quick fix that keeps comments", async () => {
    const uri = workspaceFile('plateau.fitwatch.json');
    await until('a Fitwatch finding on the spec', 30_000, () => fitwatchDiagnostics(uri).length > 0);
    const doc = await vscode.workspace.openTextDocument(uri);
    const before = doc.getText();
    // Not every finding has a spec fix (e.g. class imbalance); take the first that has some.
    let ours: vscode.CodeAction[] = [];
    for (const diagnostic of fitwatchDiagnostics(uri)) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      // The API hands back converted actions without their diagnostics: match by title.
      ours = actions.filter((a) => a.edit && diagnostic.message.includes(a.title));
      if (ours.length) break;
    }
    const codes = fitwatchDiagnostics(uri).map((d) => `${String(typeof d.code === 'object' ? d.code.value : d.code)}: ${d.message}`);
    assert.ok(ours.length > 0, `quick fixes are offered for one of the findings: ${codes.join(' | ')}`);
    const preferred = ours.find((a) => a.isPreferred) ?? ours[0];
    assert.ok(preferred.edit, `the quick fix "${preferred.title}" carries an edit`);
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    const after = doc.getText();
    assert.notEqual(after, before, 'the spec changed');
    assert.ok(after.includes('// A small version of the seed question'), 'comments are kept');
    const parsed = parseSpec(after, uri.fsPath);
    assert.deepEqual(
      parsed.problems.filter((p) => p.severity === 'error'),
      [],
      'the fixed spec is valid',
    );
    await doc.save();
  });

  test('stops a live run on request and keeps the partial run', async () => {
    const fw = await api();
    const runId = await train('long.fitwatch.json');
    await until('the long run to pass epoch 3', 90_000, () => (fw.runs().find((r) => r.runId === runId)?.info.epochs ?? 0) >= 3);
    const stopped = await vscode.commands.executeCommand('fitwatch.stop', runId);
    const info = await fw.whenEnded(runId);
    assert.equal(stopped, true, `Stop found the live run (it ended as ${info?.status} after ${info?.epochs} epochs)`);
    assert.equal(info?.status, 'stopped', `the run ended as ${info?.status}: ${info?.error ?? 'no error recorded'}`);
    assert.ok(info && info.epochs >= 3 && info.epochs < 2000, `a partial run: ${info?.epochs} epochs`);
    assert.ok(existsSync(workspaceFile(`.fitwatch/runs/${runId}/metrics.csv`).fsPath));
  });

  test('answers a bad dataset with its file, line and what to do', async () => {
    const fw = await api();
    const runId = await train('bad-data.fitwatch.json');
    const info = await fw.whenEnded(runId);
    assert.equal(info?.status, 'failed');
    assert.match(info?.error ?? '', /Line 4 has 3 cells, expected 4/);
  });

  test('shows spec mistakes as diagnostics at their line and does not train', async () => {
    const fw = await api();
    const uri = workspaceFile('broken.fitwatch.json');
    const text =
      '{\n  "data": { "sample": "seed" },\n  "model": { "layers": [ { "type": "dense", "units": 0 } ] },\n  "compile": { "loss": "binaryCrossentropy" }\n}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const before = fw.runs().length;
    const runId = await vscode.commands.executeCommand<string | undefined>('fitwatch.train', uri, QUIET);
    assert.equal(runId, undefined, 'no run starts');
    assert.equal(fw.runs().length, before);
    const d = vscode.languages.getDiagnostics(uri).find((x) => x.severity === vscode.DiagnosticSeverity.Error);
    assert.ok(d, 'an error diagnostic');
    assert.equal(d.range.start.line, 2, 'on the layer line (0-based 2)');
    assert.match(d.message, /units/);
  });

  test('exports the curves of a Keras log, which has no run folder, as metrics.csv', async () => {
    await api();
    const runId = await vscode.commands.executeCommand<string | undefined>('fitwatch.keras.openLog', workspaceFile('keras/keras_seed.log'), { script: null });
    assert.ok(runId, 'the log opens as a run');
    const target = workspaceFile('keras-seed-export.csv');
    const dest = await vscode.commands.executeCommand<vscode.Uri | undefined>('fitwatch.exportCurves', 'csv', runId, target);
    assert.equal(dest?.fsPath, target.fsPath);
    const lines = readFileSync(target.fsPath, 'utf8').trim().split('\n');
    assert.equal(lines[0], 'epoch,acc,loss,val_acc,val_loss');
    assert.equal(lines.length, 241, 'a header and one row per epoch of the log');
    assert.equal(lines[1], '0,0.727,0.6515,0.6901,0.6886');
  });
}
