import { test } from 'node:test';
import assert from 'node:assert/strict';
import { restoredRunId, toExportFormat, toNewSpecOptions, toRunIds, toTrainOptions } from '../../../src/host/command-args';

test('menu objects passed as a second argument are not mistaken for options', () => {
  assert.deepEqual(toTrainOptions({ groupId: 1 }), {});
  assert.deepEqual(toTrainOptions([{ fsPath: '/a' }]), {});
  assert.deepEqual(toTrainOptions(undefined), {});
});

test('known train options of the right type are kept', () => {
  assert.deepEqual(toTrainOptions({ ifRunning: 'restart', compareWith: ['r1', '../evil', 3], showCurves: false, notify: false }), {
    ifRunning: 'restart',
    compareWith: ['r1'],
    showCurves: false,
    notify: false,
  });
  assert.deepEqual(toTrainOptions({ ifRunning: 'explode', showCurves: 'yes' }), {});
});

test('run ids must be one safe path segment', () => {
  assert.deepEqual(toRunIds('20260101-000000-000-seed'), ['20260101-000000-000-seed']);
  assert.deepEqual(toRunIds(['a', 'b/c', '..', '.', 'ok.1']), ['a', 'ok.1']);
  assert.deepEqual(toRunIds({ runId: 'a' }), []);
  assert.deepEqual(toRunIds(undefined), []);
});

test('new-spec and export arguments', () => {
  assert.deepEqual(toNewSpecOptions({ overwrite: true }), { overwrite: true });
  assert.deepEqual(toNewSpecOptions({ overwrite: 'yes' }), { overwrite: false });
  assert.equal(toExportFormat('png'), 'png');
  assert.equal(toExportFormat('svg'), undefined);
});

test('a restored panel state yields its run id only when it is a safe id', () => {
  assert.equal(restoredRunId({ runId: 'r1', smoothing: 0.6 }), 'r1');
  assert.equal(restoredRunId({ runId: '../x' }), undefined);
  assert.equal(restoredRunId({ smoothing: 0.6, overlays: [] }), undefined);
  assert.equal(restoredRunId(null), undefined);
});
