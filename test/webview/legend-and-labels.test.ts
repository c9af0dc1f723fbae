/**
 * What the legend and the marker labels say: a smoothed value comes with the logged one and the
 * legend says it is smoothed; LR-drop labels crowded into a few epochs never overlap.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { openPanelPage, pageErrors, sendToPanel, startPanelHarness, syntheticHistory, syntheticRun, type PanelServer } from './harness/panel-page';

const WAIT = { timeout: 60_000 };
let browser: Browser;
let server: PanelServer;

before(async () => {
  ({ browser, server } = await startPanelHarness());
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a smoothed legend value comes with the logged value, and the legend says it is smoothed', async () => {
  const page = await openPanelPage(browser, server);
  const history = syntheticHistory(120);
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('r-legend', history, 120, false), compare: [], choices: [] }]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 120, undefined, WAIT);
  await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0.6));
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  const item = page.locator('[data-chart="loss"] .fw-legend-item[data-series="main:loss"]');
  const logged = history[119].logs.loss.toFixed(4);
  assert.equal(await item.locator('.fw-legend-raw').textContent(), `(${logged})`);
  const smoothed = (await item.locator('.fw-legend-value').textContent()) ?? '';
  assert.match(smoothed, /^\d\.\d{4}$/);
  assert.notEqual(smoothed, logged, 'the first figure is the smoothed curve');
  assert.equal(await page.locator('[data-chart="loss"] .fw-legend-note').textContent(), 'smoothed 0.60, logged value in brackets');
  assert.equal(await page.locator('[data-chart="lr"] .fw-legend-note').textContent(), '', 'the LR chart is never smoothed');
  await page.evaluate(() => window.__fitwatchPanel?.setSmoothing(0));
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  assert.equal(await item.locator('.fw-legend-raw').textContent(), '');
  assert.equal(await item.locator('.fw-legend-value').textContent(), logged, 'smoothing off: the logged value alone');
  assert.equal(await page.locator('[data-chart="loss"] .fw-legend-note').textContent(), '');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('LR-drop labels crowded into the first 50 epochs never overlap', async () => {
  const page = await openPanelPage(browser, server);
  const drops = Array.from({ length: 12 }, (_v, i) => 3 + i * 4);
  const history = syntheticHistory(1000, { lrDrops: drops });
  const run = syntheticRun('r-labels', history, 1000, false);
  run.events = drops.map((e) => ({ kind: 'lrReduced' as const, epoch: e, message: '', data: { oldLr: 0.01, newLr: 0.005 } }));
  await sendToPanel(page, [{ type: 'snapshot', run, compare: [], choices: [] }]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 1000, undefined, WAIT);
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  const labels = await page.evaluate(() => window.__fitwatchPanel?.drawnLabels('loss') ?? []);
  const lrMarkers = (await page.evaluate(() => window.__fitwatchPanel?.drawnMarkers('loss') ?? [])).filter((m) => m.kind === 'lr');
  assert.equal(lrMarkers.length, drops.length, 'every drop still has its line');
  assert.ok(labels.length >= 1 && labels.length < drops.length, `${labels.length} labels for ${drops.length} drops`);
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = labels[i].x <= labels[j].x ? [labels[i], labels[j]] : [labels[j], labels[i]];
      assert.ok(a.row !== b.row || b.x >= a.x + a.width, `"${a.label}" and "${b.label}" overlap on row ${a.row}`);
    }
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});
