import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, FindingCode } from '../../../src/shared/findings';
import { announcement, unseenFindings } from '../../../src/webview/findings-announcer';

function finding(code: FindingCode, fixTitle?: string): Finding {
  return {
    code,
    severity: 'warning',
    epochs: { start: 0, end: 1 },
    evidence: {},
    rule: '',
    message: `${code} happened.`,
    fixes: fixTitle ? [{ kind: 'addReduceLROnPlateau', title: fixTitle, preferred: true, params: {}, specEdits: [] }] : [],
  };
}

test('unseenFindings returns each code once: a finding that stays is not announced again', () => {
  const seen = new Set<string>();
  assert.deepEqual(
    unseenFindings(seen, [finding('plateau')]).map((f) => f.code),
    ['plateau'],
  );
  assert.deepEqual(
    unseenFindings(seen, [finding('plateau'), finding('overfitting')]).map((f) => f.code),
    ['overfitting'],
  );
  assert.deepEqual(unseenFindings(seen, [finding('plateau')]), []);
});

test('announcement says severity, code, message and the first fix', () => {
  assert.equal(announcement([finding('plateau', 'Add ReduceLROnPlateau')]), 'New warning finding, plateau: plateau happened. Fix: Add ReduceLROnPlateau.');
  assert.equal(
    announcement([finding('plateau'), finding('divergence')]),
    'New warning finding, plateau: plateau happened. New warning finding, divergence: divergence happened.',
  );
});
