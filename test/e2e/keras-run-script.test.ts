/**
 * Run with Fitwatch end to end in a real VS Code (code-server): the CodeLens on model.fit runs
 * an unmodified Keras script with the interpreter of the `fitwatch.pythonPath` setting (the
 * pinned .venv-test), the panel shows its fit live, the panel's Reduce LR reaches the script's
 * optimizer and its Stop ends the fit after a batch; the run folder records all of it and the
 * script is byte-identical afterwards.
 */
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { readRun } from '../../src/runs/read';
import { PYTHON, requirePython } from '../keras/python-env';
import { REPO, startCodeServer, type CodeServer } from './harness/code-server';
import { waitFor } from './harness/wait';
import { openFile, openWorkbench, panelText, runCommand, screenshot, webviewFrame, type Workbench } from './harness/workbench';

// The seed's model on data the script makes itself; 1000 epochs, so only Stop ends it.
const SCRIPT = `import numpy as np
from tensorflow import keras

keras.utils.set_random_seed(0)
rng = np.random.default_rng(0)
X = rng.normal(size=(2000, 64)).astype("float32")
y = ((X @ rng.normal(size=(64,))) > 0).astype("float32")

model = keras.Sequential([keras.Input(shape=(64,)), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(16, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss="binary_crossentropy", metrics=["accuracy"])
history = model.fit(X, y, epochs=1000, batch_size=200, validation_split=0.2, verbose=0)
print("SCRIPT-CONTINUED-AFTER-FIT epochs=%d" % len(history.epoch), flush=True)
`;

describe('Run with Fitwatch in a real VS Code (code-server + Chromium)', { timeout: 600_000 }, () => {
  let cs: CodeServer;
  let wb: Workbench;
  let page: Page;
  let frame: Frame;
  let script: string;
  before(async () => {
    requirePython();
    cs = await startCodeServer(join(REPO, 'test/fixtures/workspace'), {
      settings: { 'fitwatch.pythonPath': PYTHON, 'fitwatch.stopTimeoutMs': 30000 },
      env: { TF_CPP_MIN_LOG_LEVEL: '3', TF_ENABLE_ONEDNN_OPTS: '0', KERAS_BACKEND: 'tensorflow', CUDA_VISIBLE_DEVICES: '' },
    });
    mkdirSync(join(cs.workspace, 'runscript'), { recursive: true });
    script = join(cs.workspace, 'runscript', 'seed_run.py');
    writeFileSync(script, SCRIPT);
    wb = await openWorkbench(cs.url);
    page = wb.page;
  });
  after(async () => {
    if (wb) await screenshot(wb.page, 'keras-run-final').catch(() => undefined);
    await wb?.close();
    await cs?.close();
  });

  const runDir = (): string | undefined => {
    try {
      const ids = readdirSync(join(cs.workspace, '.fitwatch/runs'));
      return ids.length === 1 ? join(cs.workspace, '.fitwatch/runs', ids[0]) : undefined;
    } catch {
      return undefined;
    }
  };

  /**
   * Clicks Run with Fitwatch and waits for its notification, which comes before Python has
   * imported anything; a lens re-rendered under the pointer swallows the click, so it is clicked
   * again when no notification follows.
   */
  const clickRunLens = async (): Promise<void> => {
    const toast = page.locator('.notification-toast', { hasText: 'Running seed_run.py with Fitwatch' });
    for (let attempt = 1; ; attempt++) {
      const lens = page.locator('.codelens-decoration a', { hasText: 'Run with Fitwatch' }).first();
      await lens.waitFor({ timeout: 90_000 });
      await lens.click();
      try {
        await toast.first().waitFor({ timeout: 20_000 });
        return;
      } catch (e) {
        if (attempt === 3) throw new Error(`no "Running seed_run.py" notification after ${attempt} clicks on the CodeLens: ${String(e)}`);
      }
    }
  };

  it('the CodeLens on model.fit runs the unmodified script: its fit trains live in the panel', async () => {
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: /^runscript$/ })
      .first()
      .click();
    await openFile(page, 'seed_run.py');
    await clickRunLens();
    frame = await webviewFrame(page, async (f) => (await panelText(f)).includes('seed_run.py'), 120_000).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; notifications: ${JSON.stringify(await page.locator('.notification-toast').allInnerTexts())}`);
    });
    // TensorFlow's import takes seconds on a busy box; then epochs come quickly.
    await waitFor('3 epochs in the live panel', 180_000, async () => /Epoch (\d{2,}|[3-9])\/1000/.test(await panelText(frame)));
    await screenshot(page, 'keras-run-live');
  });

  it("the panel's Reduce LR halves the script's learning rate, recorded in metrics.csv", async () => {
    await frame.locator('[data-action="reduceLr"]').click();
    await waitFor('a learning rate of 0.005 in metrics.csv', 60_000, () => {
      const dir = runDir();
      if (!dir) return false;
      return readRun(dir).history.some((r) => Math.abs((r.logs.learning_rate ?? 0) - 0.005) < 1e-7);
    });
  });

  it("the panel's Stop ends the fit after a batch: the run is saved as stopped and the script is byte-identical", async () => {
    await frame.locator('[data-action="stop"]').click();
    await waitFor('the run folder to say stopped', 60_000, () => {
      const dir = runDir();
      return dir !== undefined && readRun(dir).info.status === 'stopped';
    });
    const dir = runDir();
    assert.ok(dir);
    const run = readRun(dir);
    assert.ok(run.history.length >= 3 && run.history.length < 1000, `${run.history.length} epochs`);
    assert.equal(run.history[0].logs.learning_rate !== undefined && Math.abs(run.history[0].logs.learning_rate - 0.01) < 1e-7, true);
    assert.deepEqual(
      run.events.map((e) => e.kind).filter((k) => k === 'lrSet' || k === 'stopRequested'),
      ['lrSet', 'stopRequested'],
    );
    await waitFor('the panel to say stopped', 30_000, async () => /stopped/i.test(await panelText(frame)));
    assert.equal(readFileSync(script, 'utf8'), SCRIPT);
  });

  it("the palette's Reduce Learning Rate Now and Stop Training reach a live script's fit too", async () => {
    const before = new Set(readdirSync(join(cs.workspace, '.fitwatch/runs')));
    const newest = (): string | undefined => {
      const ids = readdirSync(join(cs.workspace, '.fitwatch/runs'))
        .filter((id) => !before.has(id))
        .sort();
      return ids.length ? join(cs.workspace, '.fitwatch/runs', ids[ids.length - 1]) : undefined;
    };
    await openFile(page, 'seed_run.py');
    await clickRunLens();
    await waitFor('the second fit to record 3 epochs', 180_000, () => {
      const dir = newest();
      return dir !== undefined && readRun(dir).history.length >= 3;
    });
    await runCommand(page, 'Fitwatch: Reduce Learning Rate Now');
    await waitFor('a learning rate of 0.005 in the new metrics.csv', 60_000, () => {
      const dir = newest();
      return dir !== undefined && readRun(dir).history.some((r) => Math.abs((r.logs.learning_rate ?? 0) - 0.005) < 1e-7);
    });
    await runCommand(page, 'Fitwatch: Stop Training');
    await waitFor('the new run folder to say stopped', 60_000, () => {
      const dir = newest();
      return dir !== undefined && readRun(dir).info.status === 'stopped';
    });
    assert.equal(readFileSync(script, 'utf8'), SCRIPT);
  });
});
