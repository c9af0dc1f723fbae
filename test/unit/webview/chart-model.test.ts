import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunView } from '../../../src/shared/protocol/panel';
import { emptyPanelState, reducePanel } from '../../../src/shared/run-state';
import { buildChartSpecs, chartOfKey, orderedKeys } from '../../../src/webview/chart-model';

function view(id: string, logs: Record<string, number>): RunView {
  return {
    info: { id, status: 'completed', startedAt: '', epochs: 1, totalEpochs: 1 },
    history: [{ epoch: 0, logs, durationMs: 1 }],
    events: [],
    findings: [],
    live: false,
  };
}

test('keys go to the loss, metrics or learning-rate chart', () => {
  assert.equal(chartOfKey('loss'), 'loss');
  assert.equal(chartOfKey('val_loss'), 'loss');
  assert.equal(chartOfKey('acc'), 'metrics');
  assert.equal(chartOfKey('val_mae'), 'metrics');
  assert.equal(chartOfKey('learning_rate'), 'lr');
});

test('train and validation twins are adjacent', () => {
  assert.deepEqual(orderedKeys(['val_acc', 'loss', 'acc', 'val_loss', 'mae'], 'metrics'), ['acc', 'val_acc', 'mae']);
});

test('the seed run gives three charts, each curve with its raw twin', () => {
  const s = emptyPanelState();
  reducePanel(s, { type: 'snapshot', run: view('a', { loss: 1, acc: 0.5, val_loss: 1, val_acc: 0.5, learning_rate: 0.01 }), compare: [], choices: [] });
  const specs = buildChartSpecs(s, { logLoss: true });
  assert.deepEqual(
    specs.map((c) => c.id),
    ['loss', 'metrics', 'lr'],
  );
  assert.deepEqual(
    specs[0].series.map((x) => x.id),
    ['main:loss:raw', 'main:loss', 'main:val_loss:raw', 'main:val_loss'],
  );
  assert.equal(specs[0].log, true);
  assert.equal(specs[1].log, false);
  assert.equal(specs[2].log, true);
  assert.deepEqual(
    specs[0].series.filter((x) => x.inLegend).map((x) => x.colorIndex),
    [0, 1],
  );
  const plain = buildChartSpecs(s, { logLoss: false });
  assert.equal(plain[0].log, false);
  assert.deepEqual(
    plain[0].series.filter((x) => x.kind === 'raw').map((x) => x.inLegend),
    [false, false],
    'raw twins stay out of the legend',
  );
});

test('overlays come first (drawn under the main run), coloured per run, val dashed', () => {
  const s = emptyPanelState();
  reducePanel(s, {
    type: 'snapshot',
    run: view('a', { loss: 1, val_loss: 1 }),
    compare: [view('b', { loss: 1, val_loss: 1 }), view('c', { loss: 1 })],
    choices: [{ id: 'b', label: 'yesterday' }],
  });
  const loss = buildChartSpecs(s, { logLoss: false })[0];
  const overlays = loss.series.filter((x) => !x.main);
  assert.deepEqual(
    overlays.map((x) => x.id),
    ['cmp:b:loss', 'cmp:b:val_loss', 'cmp:c:loss'],
  );
  assert.equal(overlays[0].label, 'yesterday loss');
  assert.equal(overlays[1].dashed, true);
  assert.notEqual(overlays[0].colorIndex, overlays[2].colorIndex);
  assert.ok(
    overlays.every((x) => x.colorIndex >= 2),
    'overlays never reuse the main blue/orange',
  );
  assert.equal(loss.series[loss.series.length - 1].main, true);
});

test('no main run, no charts', () => {
  assert.deepEqual(buildChartSpecs(emptyPanelState(), { logLoss: false }), []);
});
