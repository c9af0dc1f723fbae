import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePanelToHost } from '../../../src/shared/protocol/panel';

test('accepts every well-formed panel message', () => {
  const good = [
    { type: 'ready' },
    { type: 'stop', runId: '2026-01-01T10-00-00_seed' },
    { type: 'reduceLr', runId: 'r1' },
    { type: 'trainAgain', runId: 'r1' },
    { type: 'applyFix', runId: 'r1', code: 'plateau', fixIndex: 0 },
    { type: 'compare', runIds: ['a', 'b'] },
    { type: 'export', format: 'csv' },
    { type: 'export', format: 'png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' },
  ];
  for (const m of good) assert.deepEqual(validatePanelToHost(m), m);
});

test('drops extra fields instead of passing them through', () => {
  assert.deepEqual(validatePanelToHost({ type: 'ready', evil: 1 }), { type: 'ready' });
  assert.deepEqual(validatePanelToHost({ type: 'stop', runId: 'a', path: '/etc' }), { type: 'stop', runId: 'a' });
});

test('refuses run ids that could escape the runs folder', () => {
  for (const runId of ['../x', '..', '.', 'a/b', 'a\\b', '', 'x'.repeat(200), 5, null]) {
    assert.equal(validatePanelToHost({ type: 'stop', runId }), undefined, `runId ${String(runId)}`);
    assert.equal(validatePanelToHost({ type: 'compare', runIds: ['ok', runId] }), undefined);
  }
});

test('refuses malformed fields', () => {
  assert.equal(validatePanelToHost({ type: 'applyFix', runId: 'a', code: 'plateau', fixIndex: -1 }), undefined);
  assert.equal(validatePanelToHost({ type: 'applyFix', runId: 'a', code: 'plateau', fixIndex: 1.5 }), undefined);
  assert.equal(validatePanelToHost({ type: 'applyFix', runId: 'a', code: 'Not A Code', fixIndex: 0 }), undefined);
  assert.equal(validatePanelToHost({ type: 'compare', runIds: 'a' }), undefined);
  assert.equal(validatePanelToHost({ type: 'compare', runIds: new Array(100).fill('a') }), undefined);
  assert.equal(validatePanelToHost({ type: 'export', format: 'png' }), undefined);
  assert.equal(validatePanelToHost({ type: 'export', format: 'png', dataUrl: 'data:text/html;base64,PGI+' }), undefined);
  assert.equal(validatePanelToHost({ type: 'export', format: 'png', dataUrl: 'data:image/png;base64,<script>' }), undefined);
  assert.equal(validatePanelToHost({ type: 'export', format: 'svg' }), undefined);
});

test('ignores unknown types and non-objects', () => {
  for (const m of [undefined, null, 'ready', 42, [], { type: 'eval' }, { type: 7 }]) assert.equal(validatePanelToHost(m), undefined);
});

test('dedupes compare ids, keeping order', () => {
  assert.deepEqual(validatePanelToHost({ type: 'compare', runIds: ['b', 'a', 'b'] }), { type: 'compare', runIds: ['b', 'a'] });
});
