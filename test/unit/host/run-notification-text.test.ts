import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/shared/findings';
import { findingHeadline, notableFindings, runNotificationMessage } from '../../../src/host/training/run-notification-text';

function finding(code: string, severity: Finding['severity'], message: string, fixes = 1): Finding {
  const fix = { kind: 'addCallback', title: 'Add ReduceLROnPlateau', preferred: true, params: {}, specEdits: [] } as unknown as Finding['fixes'][number];
  return {
    code,
    severity,
    epochs: { start: 0, end: 1 },
    evidence: {},
    rule: '',
    message,
    fixes: Array.from({ length: fixes }, () => fix),
  } as unknown as Finding;
}

const progress = {
  last: { epoch: 82, logs: { loss: 0.2036, val_loss: 0.2375 }, durationMs: 12 },
  totalEpochs: 1000,
  durationsMs: Array.from({ length: 83 }, () => 12),
  starting: false,
};

test('progress only while no finding is open', () => {
  assert.equal(runNotificationMessage(progress, []), 'Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 11s');
});

test('the most severe open finding is shown in place, with how to fix it', () => {
  const plateau = finding('plateau', 'warning', 'The loss has barely moved for 40 epochs. Reduce the learning rate.');
  const diverged = finding('divergence', 'error', 'The loss exploded.', 0);
  const ordered = notableFindings([plateau, diverged, finding('initial-loss', 'info', 'fine')], new Set());
  assert.deepEqual(
    ordered.map((f) => f.code),
    ['divergence', 'plateau'],
  );
  assert.equal(runNotificationMessage(progress, ordered), 'Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 11s — ⚠ The loss exploded. (+1 more; see the panel)');
  assert.equal(
    runNotificationMessage(progress, [plateau]),
    'Epoch 83/1000 · loss 0.2036 val 0.2375 · ETA 11s — ⚠ The loss has barely moved for 40 epochs. (fix: Ctrl+. on the spec)',
  );
});

test('silenced codes and info findings stay out; a cleared finding is simply absent', () => {
  const plateau = finding('plateau', 'warning', 'Flat.');
  assert.deepEqual(notableFindings([plateau], new Set(['plateau'])), []);
  assert.deepEqual(notableFindings([finding('x', 'info', 'i')], new Set()), []);
});

test('a long headline is cut at a word', () => {
  const h = findingHeadline(finding('p', 'warning', `${'word '.repeat(40)}end.`));
  assert.ok(h.length <= 111 && h.endsWith('…'), h);
  assert.doesNotMatch(h, /wor…$/);
});
