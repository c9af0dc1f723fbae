import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliTrainerPath, type Resolves } from '../../../src/cli/trainer-path';

function distWithNative(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-dist-'));
  writeFileSync(join(dir, 'trainer-native.js'), '');
  return dir;
}
const installed =
  (...pkgs: string[]): Resolves =>
  (p) =>
    pkgs.includes(p);

test('the CLI forks the native trainer where npm installed tfjs-node', () => {
  const dist = distWithNative();
  const has = installed('@tensorflow/tfjs', '@tensorflow/tfjs-node');
  assert.equal(cliTrainerPath(dist, undefined, has), join(dist, 'trainer-native.js'));
  assert.equal(cliTrainerPath(dist, 'auto', has), join(dist, 'trainer-native.js'));
  assert.equal(cliTrainerPath(dist, 'tensorflow', has), join(dist, 'trainer-native.js'));
});

test('without tfjs-node the CLI forks the bundled trainer, the one the extension ships', () => {
  const dist = distWithNative();
  assert.equal(cliTrainerPath(dist, 'auto', installed('@tensorflow/tfjs')), undefined);
  assert.equal(cliTrainerPath(dist, 'wasm', installed('@tensorflow/tfjs', '@tensorflow/tfjs-node')), undefined);
});

test('--backend tensorflow without tfjs-node still forks the native trainer, whose error says how to install it', () => {
  const dist = distWithNative();
  assert.equal(cliTrainerPath(dist, 'tensorflow', installed('@tensorflow/tfjs')), join(dist, 'trainer-native.js'));
});

test('no native bundle or no tfjs in node_modules: the bundled trainer', () => {
  const empty = mkdtempSync(join(tmpdir(), 'fitwatch-dist-'));
  assert.equal(cliTrainerPath(empty, 'tensorflow', installed('@tensorflow/tfjs', '@tensorflow/tfjs-node')), undefined);
  assert.equal(cliTrainerPath(distWithNative(), 'tensorflow', installed()), undefined);
});
