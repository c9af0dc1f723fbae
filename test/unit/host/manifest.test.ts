import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// package.json's contributions against the code: every command is registered somewhere under
// src/host, is in the Fitwatch category, and every menu entry names a contributed command.

const REPO = resolve(__dirname, '../../..');

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const hostText = [...sources(join(REPO, 'src/host')), join(REPO, 'src/extension.ts')].map((f) => readFileSync(f, 'utf8')).join('\n');

test('every contributed command is named in the host code, in the Fitwatch category, once', () => {
  const ids = manifest.contributes.commands.map((c) => c.command);
  assert.equal(new Set(ids).size, ids.length, 'no command contributed twice');
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'Fitwatch', `${c.command}: category`);
    assert.ok(hostText.includes(`'${c.command}'`), `${c.command} is registered by the host`);
  }
});

test('every menu entry names a contributed command and says when it shows', () => {
  const ids = new Set(manifest.contributes.commands.map((c) => c.command));
  for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
    for (const e of entries) {
      assert.ok(ids.has(e.command), `${menu}: ${e.command} is contributed`);
      assert.ok(e.when !== undefined && e.when.trim() !== '', `${menu}: ${e.command} has a when clause`);
      if (menu !== 'commandPalette') assert.match(e.group ?? '', /^[\w.-]+(@\d+)?$/, `${menu}: ${e.command} is grouped (VS Code's "group@order")`);
    }
  }
});

test('the Keras script and TensorBoard commands are reachable from the Explorer, the editor and the palette', () => {
  const menus = manifest.contributes.menus;
  const inMenu = (menu: string, command: string): boolean => (menus[menu] ?? []).some((e) => e.command === command);
  assert.ok(inMenu('explorer/context', 'fitwatch.keras.runScript'));
  assert.ok(inMenu('editor/context', 'fitwatch.keras.runScript'));
  assert.ok(inMenu('explorer/context', 'fitwatch.keras.openTensorBoard'));
  // In the palette unless hidden: Open TensorBoard Logs… asks for a folder when none is given.
  assert.ok(!(menus.commandPalette ?? []).some((e) => e.command === 'fitwatch.keras.openTensorBoard' && e.when === 'false'));
  assert.ok((manifest.activationEvents ?? []).includes('onLanguage:python'), 'the CodeLens on model.fit needs the extension active in Python files');
});
