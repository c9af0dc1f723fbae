/**
 * The panel draws exactly the run it names: switching the shown run (Open Run…, Open Keras
 * Log after a clipboard import) replaces every series. Real run folders are written and read
 * back as the host does; every drawn point is compared with each run's metrics.csv.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openPanelPage, pageErrors, sendToPanel, startPanelHarness, syntheticHistory, type PanelServer } from './harness/panel-page';
import { historyCsv } from '../../src/runs/metrics-csv';
import { readRun } from '../../src/runs/read';
import type { EpochRecord } from '../../src/shared/metrics';
import type { HostToPanel, RunView } from '../../src/shared/protocol/panel';
import { RUN_FILES, type RunInfo } from '../../src/shared/run';
import type { DrawnChart } from '../../src/webview/debug-hook';
import { drawnMismatches } from './drawn-points';

const WAIT = { timeout: 60_000 };
let browser: Browser;
let server: PanelServer;
let dir: string;

before(async () => {
  ({ browser, server } = await startPanelHarness());
  dir = mkdtempSync(join(tmpdir(), 'fitwatch-run-switch-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A run folder as the trainer leaves it (run.json + metrics.csv); returns its folder. */
function writeRunFolder(id: string, specName: string, history: EpochRecord[]): string {
  const runDir = join(dir, id);
  mkdirSync(runDir, { recursive: true });
  const info: RunInfo = {
    id,
    specName,
    status: 'completed',
    startedAt: '2026-01-01T00:00:00Z',
    epochs: history.length,
    totalEpochs: history.length,
    backend: 'wasm',
    engine: 'fast',
    monitor: 'val_loss',
  };
  writeFileSync(join(runDir, RUN_FILES.info), JSON.stringify(info));
  writeFileSync(join(runDir, RUN_FILES.metrics), historyCsv(history));
  return runDir;
}

/** The snapshot the host sends for a finished run: read back from its folder. */
function snapshotOf(runDir: string): HostToPanel {
  const { info, history, events } = readRun(runDir);
  const run: RunView = { info, history, events, findings: [], live: false };
  return { type: 'snapshot', run, compare: [], choices: [] };
}

async function drawnFor(page: Page, runId: string, epochs: number): Promise<DrawnChart[]> {
  await page.waitForFunction(
    ([id, n]) => window.__fitwatchPanel?.mainRunId() === id && window.__fitwatchPanel.drawn().some((c) => c.chart === 'loss' && c.x.length === n),
    [runId, epochs] as const,
    WAIT,
  );
  // Anything still pending (a smoothing change) is drawn before reading.
  return page.evaluate(() => {
    window.__fitwatchPanel?.flush();
    return window.__fitwatchPanel?.drawn() ?? [];
  });
}

async function assertDrawsRun(page: Page, runDir: string, runId: string, specName: string, epochs: number, smoothing: number): Promise<void> {
  const drawn = await drawnFor(page, runId, epochs);
  assert.deepEqual(
    drawn.map((c) => c.chart),
    ['loss', 'metrics', 'lr'],
  );
  const mismatches = drawnMismatches(drawn, readFileSync(join(runDir, RUN_FILES.metrics), 'utf8'), runId, smoothing);
  assert.deepEqual(mismatches, [], `${runId} at smoothing ${smoothing}`);
  assert.equal(await page.locator('.fw-run-title').textContent(), specName, 'the header names the drawn run');
  assert.match((await page.locator('.fw-stats').textContent()) ?? '', new RegExp(`Epoch ${epochs}/${epochs}`));
}

test("A → B → A: every drawn point is the shown run's metrics.csv value, raw and smoothed", async () => {
  // B is longer than A and has other LR drops, so shared epochs, B-only epochs and the LR chart are all checked.
  const a = writeRunFolder('20260101T000000Z-a', 'run A', syntheticHistory(240, { seed: 3, lrDrops: [100] }));
  const b = writeRunFolder('20260101T000100Z-b', 'run B', syntheticHistory(300, { seed: 11, lrDrops: [50, 200], spike: true }));
  const page = await openPanelPage(browser, server);
  await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0));
  for (const [runDir, id, name, n] of [
    [a, '20260101T000000Z-a', 'run A', 240],
    [b, '20260101T000100Z-b', 'run B', 300],
    [a, '20260101T000000Z-a', 'run A', 240],
  ] as const) {
    await sendToPanel(page, [snapshotOf(runDir)]);
    await assertDrawsRun(page, runDir, id, name, n, 0);
    await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0.6));
    await assertDrawsRun(page, runDir, id, name, n, 0.6);
    await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0));
  }
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('a switch to a run of the same length under smoothing (a Keras log after a clipboard import) keeps none of the old values', async () => {
  // Same length and no rewrites: the case where the cached arrays used to be reused outright.
  const first = writeRunFolder('keras-clipboard', 'clipboard import', syntheticHistory(200, { seed: 5 }));
  const second = writeRunFolder('keras-log', 'training.log', syntheticHistory(200, { seed: 6, lrDrops: [120] }));
  const page = await openPanelPage(browser, server);
  await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0.6));
  await sendToPanel(page, [snapshotOf(first)]);
  await assertDrawsRun(page, first, 'keras-clipboard', 'clipboard import', 200, 0.6);
  await sendToPanel(page, [snapshotOf(second)]);
  await assertDrawsRun(page, second, 'keras-log', 'training.log', 200, 0.6);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test("a switch to a live run that then streams past the old run's length draws only the live run", async () => {
  const old = writeRunFolder('20260101T000200Z-old', 'old run', syntheticHistory(150, { seed: 8 }));
  const page = await openPanelPage(browser, server);
  await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0.6));
  await sendToPanel(page, [snapshotOf(old)]);
  await assertDrawsRun(page, old, '20260101T000200Z-old', 'old run', 150, 0.6);
  const live = syntheticHistory(220, { seed: 9, lrDrops: [180] });
  const liveDir = writeRunFolder('20260101T000300Z-live', 'live run', live);
  const liveInfo: RunInfo = { ...readRun(liveDir).info, status: 'running', epochs: 40, totalEpochs: 220 };
  await sendToPanel(page, [
    { type: 'snapshot', run: { info: liveInfo, history: live.slice(0, 40), events: [], findings: [], live: true }, compare: [], choices: [] },
  ]);
  for (let i = 40; i < live.length; i += 30) await sendToPanel(page, [{ type: 'epochs', runId: liveInfo.id, records: live.slice(i, i + 30) }]);
  await sendToPanel(page, [{ type: 'info', runId: liveInfo.id, info: { ...liveInfo, status: 'completed', epochs: 220 }, live: false }]);
  await assertDrawsRun(page, liveDir, liveInfo.id, 'live run', 220, 0.6);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});
