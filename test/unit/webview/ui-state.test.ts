import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultUiState, readUiState } from '../../../src/webview/vscode-api';

test('saved UI state keeps the main run id for the panel serializer', () => {
  const s = readUiState({ smoothing: 0.3, logScale: true, overlays: ['b', 4], collapsed: ['findings'], runId: 'run-7' });
  assert.deepEqual(s, { smoothing: 0.3, logScale: true, overlays: ['b'], collapsed: ['findings'], runId: 'run-7' });
});

test('state from an older panel (no run id) or garbage falls back to defaults', () => {
  assert.equal(readUiState({ smoothing: 0.5 }).runId, undefined);
  assert.equal(readUiState({ runId: 12 }).runId, undefined);
  assert.deepEqual(readUiState('junk'), defaultUiState());
  assert.deepEqual(readUiState(undefined), defaultUiState());
});
