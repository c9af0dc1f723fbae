import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseKerasLog } from '../../src/keras';
import { runPython } from './python-env';

test('the pinned Keras trains, and its CSVLogger file parses into the same history Keras returned', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-keras-env-'));
  try {
    const code = `
import json, numpy as np, keras
assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(1)
x = np.random.default_rng(0).normal(size=(400, 8)).astype("float32")
y = (x[:, 0] + x[:, 1] > 0).astype("float32")
m = keras.Sequential([keras.Input((8,)), keras.layers.Dense(8, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
m.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
h = m.fit(x, y, epochs=3, batch_size=50, validation_split=0.2, verbose=0, callbacks=[keras.callbacks.CSVLogger("log.csv")])
json.dump(h.history, open("history.json", "w"))
`;
    runPython(code, dir);
    const log = parseKerasLog(readFileSync(join(dir, 'log.csv'), 'utf8'), 'log.csv');
    const history = JSON.parse(readFileSync(join(dir, 'history.json'), 'utf8')) as Record<string, number[]>;
    assert.equal(log.history.length, 3);
    for (const [i, epoch] of log.history.entries()) {
      assert.ok(Math.abs((epoch.logs.loss ?? NaN) - (history.loss?.[i] ?? NaN)) < 1e-6, `loss at epoch ${i}`);
      assert.ok(Math.abs((epoch.logs.val_loss ?? NaN) - (history.val_loss?.[i] ?? NaN)) < 1e-6, `val_loss at epoch ${i}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
