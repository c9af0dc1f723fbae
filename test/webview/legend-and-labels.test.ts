/**
 * What the legend, the marker labels and the exported image say: a smoothed value comes with
 * the logged one and the legend says it is smoothed; LR-drop labels crowded into a few epochs
 * never overlap; the PNG carries the findings under the charts.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  openPanelPage,
  pageErrors,
  plateauFinding,
  postedByPanel,
  sendToPanel,
  startPanelHarness,
  syntheticHistory,
  syntheticRun,
  type PanelServer,
} from './harness/panel-page';
import type { Finding } from '../../src/shared/findings';

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

test('the exported PNG carries the findings under the charts', async () => {
  const sizes: number[] = [];
  for (const withFindings of [false, true]) {
    const page = await openPanelPage(browser, server);
    const run = syntheticRun(`r-png-${withFindings}`, syntheticHistory(100), 100, false);
    const plateau = plateauFinding({
      epochs: { start: 40, end: 99 },
      message: 'val_loss improved by less than 0.5 % over the last 40 epochs: training has stalled at this learning rate and model size.',
    });
    if (withFindings) run.findings = [plateau, { ...plateau, code: 'overfitting', message: 'val_loss rose while loss fell.' }];
    await sendToPanel(page, [{ type: 'snapshot', run, compare: [], choices: [] }]);
    await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 100, undefined, WAIT);
    await page.locator('button[data-action="exportPng"]').click();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'export'), undefined, WAIT);
    const msg = (await postedByPanel(page)).find((m) => m.type === 'export');
    assert.ok(msg && msg.type === 'export' && msg.format === 'png' && msg.dataUrl);
    sizes.push(Buffer.from(msg.dataUrl.slice('data:image/png;base64,'.length), 'base64').readUInt32BE(20));
    assert.deepEqual(pageErrors(page), []);
    await page.close();
  }
  // A heading and at least one wrapped line per finding, 18 px each.
  assert.ok(sizes[1] >= sizes[0] + 3 * 18, `height without findings ${sizes[0]}, with two ${sizes[1]}`);
});

test('Enlarge gives one chart most of the panel; enlarging another or Shrink puts it back', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('r-enlarge', syntheticHistory(100), 100, false), compare: [], choices: [] }]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 100, undefined, WAIT);
  const height = (id: string) => page.evaluate((c) => window.__fitwatchPanel?.plotSize(c)?.height ?? 0, id);
  const [loss0, metrics0] = [await height('loss'), await height('metrics')];
  const enlargeLoss = page.locator('[data-chart="loss"] button[data-action="enlarge"]');
  await enlargeLoss.click();
  assert.equal(await enlargeLoss.getAttribute('aria-pressed'), 'true');
  assert.equal(await enlargeLoss.textContent(), 'Shrink');
  assert.ok((await height('loss')) >= 2 * loss0, `loss ${loss0} → ${await height('loss')}`);
  await page.locator('[data-chart="metrics"] button[data-action="enlarge"]').click();
  assert.equal(await height('loss'), loss0, 'one chart at a time');
  assert.equal(await enlargeLoss.getAttribute('aria-pressed'), 'false');
  assert.ok((await height('metrics')) >= 2 * metrics0);
  await page.locator('[data-chart="metrics"] button[data-action="enlarge"]').click();
  assert.equal(await height('metrics'), metrics0);
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  const drawn = await page.evaluate(() => window.__fitwatchPanel?.seriesLengths() ?? {});
  assert.ok((drawn['metrics/main:acc'] ?? 0) > 0, 'the chart is drawn after the resize');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('the header counts the findings and its button opens and focuses them below the charts', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('r-jump', syntheticHistory(100), 100, false), compare: [], choices: [] }]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 100, undefined, WAIT);
  const jump = page.locator('button[data-action="showFindings"]');
  assert.equal(await jump.isVisible(), false, 'no findings, no button');
  await page.locator('[data-section="findings"] > summary').click();
  assert.equal(await page.locator('[data-section="findings"]').evaluate((d) => (d as HTMLDetailsElement).open), false, 'collapsed by the user');
  const f: Finding = {
    code: 'plateau',
    severity: 'warning',
    epochs: { start: 40, end: 99 },
    evidence: {},
    rule: '',
    message: 'val_loss has stopped improving.',
    fixes: [],
  };
  await sendToPanel(page, [{ type: 'findings', runId: 'r-jump', findings: [f, { ...f, code: 'overfitting' }] }]);
  await jump.waitFor({ state: 'visible', ...WAIT });
  assert.equal(await jump.textContent(), '2 findings ↓');
  await jump.click();
  assert.equal(await page.locator('[data-section="findings"]').evaluate((d) => (d as HTMLDetailsElement).open), true, 'opened');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Findings (2)');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});
