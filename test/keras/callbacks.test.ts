/**
 * Keras' own ReduceLROnPlateau and EarlyStopping against Fitwatch's (src/shared/callbacks, driven
 * through the coach's `replayCallbacks`, as a live fit calls them): hundreds of random monitored
 * sequences and argument sets, one Python process. Same learning rate at every epoch, same stop
 * epoch, same restored epoch, same warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayCallbacks } from '../../src/shared/callbacks';
import type { EarlyStoppingSpec, MonitorMode, ReduceLROnPlateauSpec } from '../../src/shared/spec';
import { Mulberry32 } from '../../src/shared/prng';
import { REPO, runPython } from './python-env';

const CASES = 300;

interface Case {
  lr: number;
  rlr: ReduceLROnPlateauSpec | null;
  es: EarlyStoppingSpec | null;
  logs: Record<string, number>[];
}

interface KerasResult {
  lrs: number[];
  final: number;
  stop: number;
  restored: number;
  epochs: number;
  warnings: string[];
}

/** A monitored sequence: a noisy decay with plateaus, ties (values on a grid), bumps and the odd NaN. */
function sequence(rng: Mulberry32, n: number, rising: boolean): number[] {
  const grid = rng.next() < 0.4 ? [0.1, 0.01, 0.001][Math.floor(rng.next() * 3)] : 0;
  const plateauAt = Math.floor(rng.next() * n);
  const out: number[] = [];
  let v = 1 + rng.next();
  for (let i = 0; i < n; i++) {
    const step = i < plateauAt ? 0.05 * rng.next() : 0.002 * (rng.next() - 0.4);
    v = Math.max(0.01, v - step + (rng.next() < 0.1 ? 0.05 * rng.next() : 0));
    let x = rising ? 2 - v : v;
    if (grid) x = Math.round(x / grid) * grid;
    if (rng.next() < 0.01) x = NaN;
    out.push(x);
  }
  return out;
}

function pick<T>(rng: Mulberry32, xs: readonly T[]): T {
  return xs[Math.floor(rng.next() * xs.length)];
}

function makeCases(): Case[] {
  const rng = new Mulberry32(20261203);
  const cases: Case[] = [];
  for (let c = 0; c < CASES; c++) {
    const n = 10 + Math.floor(rng.next() * 50);
    const loss = sequence(rng, n, false);
    const valLoss = sequence(rng, n, false);
    const valAcc = sequence(rng, n, true);
    const logs = loss.map((l, i) => ({ loss: l, val_loss: valLoss[i], val_accuracy: valAcc[i] }));
    const monitor = pick(rng, ['val_loss', 'val_loss', 'loss', 'val_accuracy', 'val_mae', 'val_auc'] as const);
    // auto on a metric the stand-in model does not compile would raise in both; keep those explicit.
    const mode: MonitorMode = monitor === 'val_auc' ? pick(rng, ['min', 'max'] as const) : pick(rng, ['auto', 'min', 'max'] as const);
    const lr = pick(rng, [0.01, 0.001, 0.1, 0.003]);
    const factor = pick(rng, [0.1, 0.5, 0.2, 0.3]);
    const rlr: ReduceLROnPlateauSpec | null =
      rng.next() < 0.8
        ? {
            monitor,
            mode,
            factor,
            patience: Math.floor(rng.next() * 6),
            minDelta: pick(rng, [0, 1e-4, 0.001, 0.01, -0.005]),
            cooldown: Math.floor(rng.next() * 4),
            // Exact multiples of the start rate, where float32 rounding decides another reduction.
            minLr: pick(rng, [0, 1e-5, lr * factor * factor, lr * factor, 1e-4]),
          }
        : null;
    const es: EarlyStoppingSpec | null =
      rng.next() < 0.8 || rlr === null
        ? {
            monitor: rng.next() < 0.8 ? monitor : 'val_loss',
            mode: rng.next() < 0.8 ? mode : 'auto',
            patience: Math.floor(rng.next() * 8),
            minDelta: pick(rng, [0, 1e-4, 0.001, 0.01, -0.002]),
            baseline: rng.next() < 0.3 ? pick(rng, [0.5, 1, 1.5, 0.9]) : null,
            restoreBestWeights: rng.next() < 0.5,
            startFromEpoch: pick(rng, [0, 0, 0, 1, 3, 5]),
          }
        : null;
    if (es && es.monitor === 'val_auc' && es.mode === 'auto') es.mode = 'min';
    cases.push({ lr, rlr, es, logs });
  }
  return cases;
}

/** Keras' keyword arguments for a spec. */
function kwargs(spec: ReduceLROnPlateauSpec | EarlyStoppingSpec | null): Record<string, unknown> | null {
  if (spec === null) return null;
  const common = { monitor: spec.monitor, mode: spec.mode, patience: spec.patience, min_delta: spec.minDelta };
  if ('factor' in spec) return { ...common, factor: spec.factor, cooldown: spec.cooldown, min_lr: spec.minLr };
  return { ...common, baseline: spec.baseline, restore_best_weights: spec.restoreBestWeights, start_from_epoch: spec.startFromEpoch };
}

test(`ReduceLROnPlateau and EarlyStopping match Keras ${'3.15.1'} on ${CASES} random sequences and argument sets`, () => {
  const cases = makeCases();
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-keras-callbacks-'));
  let keras: KerasResult[];
  try {
    const payload = cases.map((c) => ({
      lr: c.lr,
      rlr: kwargs(c.rlr),
      es: kwargs(c.es),
      logs: c.logs.map((l) => Object.fromEntries(Object.entries(l).map(([k, v]) => [k, Number.isNaN(v) ? 'nan' : v]))),
    }));
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(payload));
    runPython(readFileSync(join(REPO, 'test/keras/py/drive_callbacks.py'), 'utf8'), dir, ['cases.json', 'out.json']);
    keras = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as KerasResult[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  let reductions = 0;
  let stops = 0;
  let restores = 0;
  cases.forEach((c, i) => {
    const k = keras[i];
    const ours = replayCallbacks(
      c.logs.map((logs, epoch) => ({ epoch, logs: { ...logs }, durationMs: 1 })),
      { initialLearningRate: c.lr, reduceLROnPlateau: c.rlr ?? undefined, earlyStopping: c.es ?? undefined },
    );
    const what = `case ${i} ${JSON.stringify({ lr: c.lr, rlr: c.rlr, es: c.es })}\nvalues ${JSON.stringify(c.logs.map((l) => l[c.rlr?.monitor ?? c.es?.monitor ?? 'val_loss']))}`;
    assert.equal(ours.epochsRun, k.epochs, `epochs run, ${what}`);
    for (let e = 0; e < k.epochs; e++) {
      assert.equal(
        Math.fround(ours.lrSchedule[e]),
        Math.fround(k.lrs[e]),
        `learning rate at epoch ${e}: ours ${ours.lrSchedule[e]}, Keras ${k.lrs[e]}; ${what}`,
      );
    }
    assert.equal(Math.fround(ours.finalLearningRate), Math.fround(k.final), `final learning rate, ${what}`);
    assert.equal(ours.stoppedEpoch ?? -1, k.stop, `stop epoch, ${what}`);
    assert.equal(ours.restoredEpoch ?? -1, c.es?.restoreBestWeights ? k.restored : -1, `restored epoch, ${what}`);
    assert.deepEqual(
      [...new Set(ours.warnings)].sort(),
      k.warnings.filter((w) => !w.startsWith('Learning rate reduction') || c.rlr).sort(),
      `warnings, ${what}`,
    );
    if (ours.lrReductions.length) reductions++;
    if (k.stop >= 0) stops++;
    if (k.restored >= 0) restores++;
  });
  // The sequences must exercise every path, or agreement would be cheap.
  assert.ok(reductions > CASES / 4 && stops > CASES / 4 && restores > CASES / 8, `reductions ${reductions}, stops ${stops}, restores ${restores} of ${CASES}`);
});
