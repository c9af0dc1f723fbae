import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunView } from '../../../src/shared/protocol/panel';
import { createRunSeries } from '../../../src/shared/run-state';
import { computeMarkers, resolveBest } from '../../../src/webview/markers';

function run(extra: Partial<RunView> = {}): RunView {
  const history = Array.from({ length: 10 }, (_, e) => ({ epoch: e, logs: { loss: 1 / (e + 1), val_loss: e === 4 ? 0.01 : 1 }, durationMs: 1 }));
  return { info: { id: 'a', status: 'running', startedAt: '', epochs: 10, totalEpochs: 10 }, history, events: [], findings: [], live: true, ...extra };
}

test('LR changes, stops and findings become markers; findings come first', () => {
  const r = createRunSeries(
    run({
      info: { id: 'a', status: 'running', startedAt: '', epochs: 10, totalEpochs: 10, monitor: 'val_loss', bestEpoch: 4, bestValue: 0.01 },
      events: [
        { kind: 'lrReduced', epoch: 3, message: '', data: { oldLr: 0.01, newLr: 0.005 } },
        { kind: 'earlyStop', epoch: 8, message: '' },
        { kind: 'diverged', epoch: 9, message: '' },
      ],
      findings: [{ code: 'plateau', severity: 'warning', epochs: { start: 5, end: 9 }, evidence: {}, rule: '', message: '', fixes: [] }],
    }),
  );
  const m = computeMarkers(r);
  assert.deepEqual(
    m.map((x) => [x.kind, x.epoch, x.label]),
    [
      ['finding', 5, 'plateau'],
      ['lr', 3, 'LR 0.01 → 0.005'],
      ['stop', 8, 'early stop'],
      ['stop', 9, 'diverged'],
      ['best', 4, 'best @5'],
    ],
  );
  assert.equal(m[0].endEpoch, 9);
});

test("the best epoch is the trainer's (newBest, restoredBest data, run.json), never recomputed from the curve", () => {
  // The curve's minimum is at epoch 4, but nobody said so: no best marker.
  assert.equal(resolveBest(createRunSeries(run())), undefined);
  assert.equal(
    resolveBest(
      createRunSeries(
        run({ info: { id: 'a', status: 'completed', startedAt: '', epochs: 10, totalEpochs: 10, monitor: 'val_acc', bestEpoch: 7, bestValue: 0.9 } }),
      ),
    )?.epoch,
    7,
  );
  assert.equal(
    resolveBest(createRunSeries(run({ events: [{ kind: 'newBest', epoch: 2, message: '', data: { monitor: 'val_loss', value: 0.5 } }] })))?.epoch,
    2,
  );
  const restored = resolveBest(createRunSeries(run({ events: [{ kind: 'restoredBest', epoch: 9, message: '', data: { bestEpoch: 6, best: 0.2 } }] })));
  assert.deepEqual(restored, { epoch: 6, value: 0.2, monitor: undefined });
});
