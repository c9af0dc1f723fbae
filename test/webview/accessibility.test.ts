/**
 * The panel for a screen reader and a keyboard, in Chromium's accessibility tree: each chart is
 * an image named by a summary of its curves, its numbers are one keypress away as a table,
 * + − ← → 0 zoom and pan a focused chart, and a new finding is said in a polite live region.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  openPanelPage,
  pageErrors,
  plateauFinding,
  sendToPanel,
  startPanelHarness,
  syntheticHistory,
  syntheticRun,
  type PanelServer,
} from './harness/panel-page';
import type { EpochRecord } from '../../src/shared/metrics';

const WAIT = { timeout: 60_000 };
const EPOCHS = 300;
let browser: Browser;
let server: PanelServer;
let page: Page;
let history: EpochRecord[];

before(async () => {
  ({ browser, server } = await startPanelHarness());
  page = await openPanelPage(browser, server);
  history = syntheticHistory(EPOCHS, { lrDrops: [150] });
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('r-a11y', history, EPOCHS, true), compare: [], choices: [] }]);
  await page.waitForFunction((n) => window.__fitwatchPanel?.epochs() === n, EPOCHS, WAIT);
  await page.evaluate(() => window.__fitwatchPanel?.flush());
});

after(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

/** The values the summary must say for `key`: its last value and its lowest, as the legend formats them. */
function expected(key: string): { last: string; lowest: string; lowestEpoch: number } {
  const values = history.map((r) => r.logs[key]);
  let at = 0;
  values.forEach((v, i) => (at = v < values[at] ? i : at));
  return { last: values[values.length - 1].toFixed(4), lowest: values[at].toFixed(4), lowestEpoch: at + 1 };
}

test('each chart is an image in the accessibility tree, named by what its curves did', async () => {
  const tree = await page.locator('.fw-charts').ariaSnapshot();
  for (const title of ['Loss chart', 'Metrics chart', 'Learning rate chart']) assert.match(tree, new RegExp(`img "${title}[^"]*epochs 1–${EPOCHS}`), tree);
  const loss = await page.evaluate(() => window.__fitwatchPanel?.summary('loss') ?? '');
  for (const key of ['loss', 'val_loss']) {
    const e = expected(key);
    assert.ok(loss.includes(`${key}: ${e.last} at epoch ${EPOCHS}, lowest ${e.lowest} at epoch ${e.lowestEpoch}`), `${key} in: ${loss}`);
  }
  assert.match(
    await page.evaluate(() => window.__fitwatchPanel?.summary('lr') ?? ''),
    /learning_rate: 0\.005 at epoch 300, lowest 0\.005 at epoch 151, highest 0\.01 at epoch 1/,
  );
});

test('Tab reaches a chart, and + / → / 0 zoom, pan and reset every chart', async () => {
  await page.locator('body').focus();
  let onChart = false;
  for (let i = 0; i < 40 && !onChart; i++) {
    await page.keyboard.press('Tab');
    onChart = await page.evaluate(
      () => document.activeElement?.closest('[data-chart="loss"]') !== null && document.activeElement?.getAttribute('role') === 'img',
    );
  }
  assert.ok(onChart, 'the loss chart is in the tab order');
  const x = () => page.evaluate(() => ({ loss: window.__fitwatchPanel?.xScale('loss'), metrics: window.__fitwatchPanel?.xScale('metrics') }));
  await page.keyboard.press('+');
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  const zoomed = await x();
  assert.ok(zoomed.loss && zoomed.metrics, 'both charts have an x scale');
  const span = zoomed.loss[1] - zoomed.loss[0];
  assert.ok(Math.abs(span - (EPOCHS - 1) / 2) < 1, `+ halves the window: ${JSON.stringify(zoomed.loss)}`);
  assert.deepEqual(zoomed.metrics, zoomed.loss, 'the other charts follow');
  await page.keyboard.press('ArrowRight');
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  const panned = await x();
  assert.ok(panned.loss && panned.loss[0] > zoomed.loss[0], `→ pans right: ${JSON.stringify(panned.loss)}`);
  await page.keyboard.press('0');
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  const reset = await x();
  assert.ok(reset.loss && reset.loss[0] <= 1 && reset.loss[1] >= EPOCHS, `0 shows the whole run: ${JSON.stringify(reset.loss)}`);
});

test('the Table toggle opens a captioned table of the raw values, reachable from the keyboard', async () => {
  const toggle = page.locator('[data-chart="loss"] button[data-action="table"]');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const table = page.getByRole('table', { name: /Loss: raw values, one row every 2 epochs of 300, and the last epoch/ });
  assert.equal(await table.count(), 1, await page.locator('[data-chart="loss"]').ariaSnapshot());
  const rows = await table.locator('tbody tr').count();
  assert.ok(rows <= 200 && rows >= 150, `${rows} rows`);
  const header = await table.locator('thead th').allTextContents();
  assert.deepEqual(header, ['epoch', 'loss', 'val_loss']);
  const last = await table.locator('tbody tr').last().locator('th, td').allTextContents();
  assert.deepEqual(last, [String(EPOCHS), expected('loss').last, expected('val_loss').last], 'the last row is the last epoch, unsmoothed');
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await table.count(), 0);
});

test('a new finding is announced once in a polite live region; a repeat of the list is not re-announced', async () => {
  const region = page.locator('[data-live="findings"]');
  assert.equal(await region.getAttribute('role'), 'status');
  assert.equal(await region.getAttribute('aria-live'), 'polite');
  const plateau = plateauFinding({ epochs: { start: 200, end: 299 } });
  await sendToPanel(page, [{ type: 'findings', runId: 'r-a11y', findings: [plateau] }]);
  await page.waitForFunction(() => document.querySelector('[data-live="findings"]')?.textContent !== '', undefined, WAIT);
  const said = await region.textContent();
  assert.equal(said, 'New warning finding, plateau: val_loss has stopped improving. Fix: Add ReduceLROnPlateau.');
  await sendToPanel(page, [
    { type: 'findings', runId: 'r-a11y', findings: [plateau, { ...plateau, code: 'overfitting', message: 'val_loss rises.', fixes: [] }] },
  ]);
  await page.waitForFunction(() => document.querySelector('[data-live="findings"]')?.textContent?.includes('overfitting') === true, undefined, WAIT);
  assert.equal(await region.textContent(), 'New warning finding, overfitting: val_loss rises.', 'only the new one');
  assert.deepEqual(pageErrors(page), []);
});
