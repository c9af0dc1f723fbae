import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/shared/findings';
import { findingLines, wrapText } from '../../../src/webview/export-png';

test('wrapText breaks at words to fit the width, and gives an over-long word its own line', () => {
  const measure = (s: string) => s.length;
  assert.deepEqual(wrapText('the loss has stopped improving', 12, measure), ['the loss has', 'stopped', 'improving']);
  assert.deepEqual(wrapText('a supercalifragilistic b', 5, measure), ['a', 'supercalifragilistic', 'b']);
  assert.deepEqual(wrapText('  ', 5, measure), []);
});

test('findingLines gives severity, code, epochs, message and the preferred fix', () => {
  const f: Finding = {
    code: 'plateau',
    severity: 'warning',
    epochs: { start: 40, end: 79 },
    evidence: {},
    rule: '',
    message: 'val_loss has stopped improving.',
    fixes: [
      { kind: 'addEarlyStopping', title: 'Add EarlyStopping', preferred: false, params: {}, specEdits: [] },
      { kind: 'addReduceLROnPlateau', title: 'Add ReduceLROnPlateau', preferred: true, params: {}, specEdits: [] },
    ],
  };
  assert.deepEqual(findingLines([f]), ['WARNING plateau (epochs 41–80): val_loss has stopped improving. Fix: Add ReduceLROnPlateau.']);
  assert.deepEqual(findingLines([{ ...f, epochs: { start: 3, end: 3 }, fixes: [] }]), ['WARNING plateau (epoch 4): val_loss has stopped improving.']);
});
