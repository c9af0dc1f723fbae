/**
 * The real panel bundle in headless Chromium, inside the real HTML and CSP, talking to a fake
 * VS Code API. Conditions are awaited with waitForFunction; nothing sleeps.
 */
import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  openPanelPage,
  pageErrors,
  postedByPanel,
  sendToPanel,
  setTheme,
  startPanelHarness,
  syntheticHistory,
  syntheticRun,
  type PanelServer,
  type ThemeName,
} from './harness/panel-page';
import type { Finding } from '../../src/shared/findings';
import { validatePanelToHost, type HostToPanel, type PanelToHost } from '../../src/shared/protocol/panel';
import { smoothEma } from '../../src/shared/smoothing';

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

async function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);
}

async function waitForLength(page: Page, key: string, n: number): Promise<void> {
  await page.waitForFunction(([k, len]) => window.__fitwatchPanel?.seriesLengths()[k] === len, [key, n] as const, WAIT);
}

async function waitForPosted(page: Page, type: PanelToHost['type'], count = 1): Promise<PanelToHost[]> {
  await page.waitForFunction(
    ([t, c]) => (window as unknown as { __posted: { type: string }[] }).__posted.filter((m) => m.type === t).length >= c,
    [type, count] as const,
    WAIT,
  );
  return (await postedByPanel(page)).filter((m) => m.type === type);
}

/** A new panel page showing the finished 1,000-epoch run, drawn. */
async function openWithFinishedRun(): Promise<Page> {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [finishedSnapshot()]);
  await waitForLength(page, 'loss/main:loss', 1000);
  return page;
}

/** Tag every chart canvas, so a later `canvasMarks` tells whether the charts were rebuilt. */
async function markCanvases(page: Page): Promise<void> {
  await page.evaluate(() => {
    for (const c of document.querySelectorAll('.fw-chart canvas')) (c as HTMLCanvasElement).dataset.mark = 'before';
  });
}

/** The tags `markCanvases` left: all 'before' while the same canvases are on screen. */
async function canvasMarks(page: Page): Promise<(string | null)[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll('.fw-chart canvas'), (c) => (c as HTMLCanvasElement).dataset.mark ?? null));
}

const plateau: Finding = {
  code: 'plateau',
  severity: 'warning',
  epochs: { start: 400, end: 899 },
  evidence: { relImprovement: 0.001 },
  rule: 'val_loss improved < 0.5% over 100 epochs',
  message: 'val_loss has stopped improving: the learning rate is likely too high for the fine detail that is left.',
  specPath: ['callbacks'],
  fixes: [
    {
      kind: 'addReduceLROnPlateau',
      title: 'Add ReduceLROnPlateau (factor 0.5, patience 10)',
      preferred: true,
      params: { factor: 0.5, patience: 10 },
      specEdits: [],
    },
    { kind: 'addEarlyStopping', title: 'Add EarlyStopping (patience 30)', preferred: false, params: { patience: 30 }, specEdits: [] },
  ],
};

function finishedSnapshot(epochs = 1000): HostToPanel {
  const run = syntheticRun('run-main', syntheticHistory(epochs, { lrDrops: [300, 600] }), epochs, false);
  run.events = [
    { kind: 'lrReduced', epoch: 300, message: 'reduce', data: { oldLr: 0.01, newLr: 0.005 } },
    { kind: 'lrReduced', epoch: 600, message: 'reduce', data: { oldLr: 0.005, newLr: 0.0025 } },
    { kind: 'newBest', epoch: 700, message: 'best', data: { monitor: 'val_loss', value: 0.1 } },
    { kind: 'earlyStop', epoch: 950, message: 'stop' },
  ];
  run.findings = [plateau];
  run.info.bestEpoch = 700;
  return {
    type: 'snapshot',
    run,
    compare: [syntheticRun('run-old', syntheticHistory(800, { seed: 7 }), 800, false)],
    choices: [
      { id: 'run-old', label: 'yesterday (lr 0.01)' },
      { id: 'run-older', label: 'last week' },
    ],
  };
}

test('posts ready on load, with no CSP violation or page error', async () => {
  const page = await openPanelPage(browser, server);
  const posted = await postedByPanel(page);
  assert.deepEqual(posted[0], { type: 'ready' });
  await sendToPanel(page, [finishedSnapshot(50)]);
  await waitForLength(page, 'loss/main:loss', 50);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('a snapshot plus 1,000 streamed epochs draws 1,000 points per series, coalescing redraws', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('live', [], 1000, true), compare: [], choices: [] }]);
  const history = syntheticHistory(1000);
  await sendToPanel(
    page,
    history.map((record) => ({ type: 'epoch', runId: 'live', record })),
  );
  await waitForLength(page, 'loss/main:loss', 1000);
  const lengths = await page.evaluate(() => window.__fitwatchPanel?.seriesLengths() ?? {});
  for (const key of ['loss/main:loss', 'loss/main:loss:raw', 'loss/main:val_loss', 'metrics/main:acc', 'metrics/main:val_acc']) {
    assert.equal(lengths[key], 1000, key);
  }
  // The LR chart keeps only change points of the step function, but spans every epoch.
  assert.deepEqual(await page.evaluate(() => window.__fitwatchPanel?.xExtent('lr')), [1, 1000]);
  const raw = await page.evaluate(() => window.__fitwatchPanel?.seriesValues('loss', 'main:loss:raw') ?? []);
  assert.deepEqual(
    raw,
    history.map((r) => r.logs.loss),
  );
  const calls = await page.evaluate(() => window.__fitwatchPanel?.setDataCalls() ?? 0);
  // 3 charts × 1,000 epochs would be 3,000 setData calls without coalescing.
  assert.ok(calls < 3000, `expected coalesced redraws, got ${calls} setData calls`);
  const header = await page.locator('.fw-stats').textContent();
  assert.match(header ?? '', /Epoch 1000\/1000/);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('1,000 epochs streamed in batches (as the host sends them) draw every point with one redraw per batch at most', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('live', [], 1000, true), compare: [], choices: [] }]);
  // Draw the empty snapshot now, so the count below covers the batches only.
  const before = await page.evaluate(() => {
    window.__fitwatchPanel?.flush();
    return window.__fitwatchPanel?.setDataCalls() ?? 0;
  });
  const history = syntheticHistory(1000, { lrDrops: [400] });
  const batches: HostToPanel[] = [];
  for (let i = 0; i < history.length; i += 40) {
    const records = history.slice(i, i + 40);
    batches.push({
      type: 'epochs',
      runId: 'live',
      records,
      events: [{ kind: 'newBest', epoch: records[records.length - 1].epoch, message: 'best', data: { monitor: 'val_loss', value: 0.1 } }],
    });
  }
  batches.push({ type: 'epochs', runId: 'other-run', records: syntheticHistory(1200).slice(1000) });
  // Each batch is its own message, awaited apart so the page gets a frame between them.
  for (const batch of batches) await sendToPanel(page, [batch]);
  await waitForLength(page, 'loss/main:loss', 1000);
  const lengths = await page.evaluate(() => window.__fitwatchPanel?.seriesLengths() ?? {});
  for (const key of ['loss/main:loss', 'loss/main:loss:raw', 'loss/main:val_loss', 'metrics/main:acc', 'metrics/main:val_acc']) {
    assert.equal(lengths[key], 1000, key);
  }
  assert.equal(await page.evaluate(() => window.__fitwatchPanel?.epochs()), 1000, "the other run's batch is ignored");
  assert.deepEqual(await page.evaluate(() => window.__fitwatchPanel?.xExtent('lr')), [1, 1000]);
  const raw = await page.evaluate(() => window.__fitwatchPanel?.seriesValues('loss', 'main:loss:raw') ?? []);
  assert.deepEqual(
    raw,
    history.map((r) => r.logs.loss),
  );
  const best = (await page.evaluate(() => window.__fitwatchPanel?.drawnMarkers('loss') ?? [])).filter((m) => m.kind === 'best');
  assert.deepEqual(
    best.map((m) => m.epoch),
    [999],
    'events in the batch are applied: the latest newBest is marked',
  );
  const calls = (await page.evaluate(() => window.__fitwatchPanel?.setDataCalls() ?? 0)) - before;
  // 3 charts, 25 batches: at most one setData per chart per batch (frames may merge batches).
  assert.ok(calls <= 3 * 25, `${calls} setData calls for 25 batches`);
  assert.match((await page.locator('.fw-stats').textContent()) ?? '', /Epoch 1000\/1000/);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('setState names the main run, so the panel serializer restores that run after a reload', async () => {
  const page = await openPanelPage(browser, server);
  const getState = () => page.evaluate(() => (window as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState());
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('run-a', syntheticHistory(20), 20, false), compare: [], choices: [] }]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 20, undefined, WAIT);
  assert.equal(((await getState()) as { runId?: string }).runId, 'run-a');
  await sendToPanel(page, [{ type: 'snapshot', run: syntheticRun('run-b', syntheticHistory(30), 30, false), compare: [], choices: [] }]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 30, undefined, WAIT);
  assert.equal(((await getState()) as { runId?: string }).runId, 'run-b');
  await page.locator('input.fw-smoothing').fill('0.5');
  await page.waitForFunction(() => window.__fitwatchPanel?.smoothing() === 0.5, undefined, WAIT);
  assert.deepEqual((await getState()) as { runId?: string; smoothing?: number }, {
    smoothing: 0.5,
    logScale: false,
    overlays: [],
    collapsed: [],
    runId: 'run-b',
  });
  await page.close();
});

test('an exportRequest from the host is answered with a PNG export, also when it comes before the first snapshot', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [{ type: 'exportRequest', format: 'png' }]);
  await sendToPanel(page, [finishedSnapshot(200)]);
  const [first] = await waitForPosted(page, 'export');
  assert.ok(first.type === 'export' && first.format === 'png' && first.dataUrl);
  assert.ok(validatePanelToHost(first), 'the host validator accepts it');
  await waitForLength(page, 'loss/main:loss', 200);
  // A live run: the request comes right after a batch; the PNG must include it (drawn first).
  await sendToPanel(page, [
    { type: 'epochs', runId: 'run-main', records: syntheticHistory(260).slice(200) },
    { type: 'exportRequest', format: 'png' },
  ]);
  const exports = await waitForPosted(page, 'export', 2);
  assert.equal(exports.length, 2, 'one answer per request');
  const second = exports[1];
  assert.ok(second.type === 'export' && second.format === 'png' && second.dataUrl);
  const png = Buffer.from(second.dataUrl.slice('data:image/png;base64,'.length), 'base64');
  assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');
  assert.equal(await page.evaluate(() => window.__fitwatchPanel?.seriesLengths()['loss/main:loss']), 260, 'drawn before the export');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('the smoothing slider re-smooths the curves exactly as the debiased EMA predicts', async () => {
  const page = await openPanelPage(browser, server);
  const snap = finishedSnapshot(300);
  await sendToPanel(page, [snap]);
  await waitForLength(page, 'loss/main:loss', 300);
  const raw = snap.type === 'snapshot' ? snap.run.history.map((r) => r.logs.val_loss) : [];
  const at06 = await page.evaluate(() => window.__fitwatchPanel?.seriesValues('loss', 'main:val_loss') ?? []);
  const want06 = Array.from(smoothEma(raw, 0.6));
  at06.forEach((v, i) => assert.ok(Math.abs((v ?? NaN) - want06[i]) < 1e-12, `default 0.6 at ${i}`));
  await page.locator('input.fw-smoothing').fill('0.9');
  await page.waitForFunction(() => window.__fitwatchPanel?.smoothing() === 0.9, undefined, WAIT);
  await page.waitForFunction((first) => window.__fitwatchPanel?.seriesValues('loss', 'main:val_loss')[5] !== first, at06[5], WAIT);
  const at09 = await page.evaluate(() => window.__fitwatchPanel?.seriesValues('loss', 'main:val_loss') ?? []);
  const want09 = Array.from(smoothEma(raw, 0.9));
  at09.forEach((v, i) => assert.ok(Math.abs((v ?? NaN) - want09[i]) < 1e-12, `0.9 at ${i}`));
  assert.equal(await page.locator('output.fw-smoothing-value').textContent(), '0.90');
  const state = await page.evaluate(() => (window as unknown as { acquireVsCodeApi(): { getState(): unknown } }).acquireVsCodeApi().getState());
  assert.equal((state as { smoothing: number }).smoothing, 0.9, 'the weight is saved with setState');
  await page.close();
});

test('draws markers for LR reductions, the best epoch, the early stop and the finding range', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [finishedSnapshot()]);
  await waitForLength(page, 'loss/main:loss', 1000);
  await page.waitForFunction(() => (window.__fitwatchPanel?.drawnMarkers('loss').length ?? 0) >= 5, undefined, WAIT);
  const markers = await page.evaluate(() => window.__fitwatchPanel?.drawnMarkers('loss') ?? []);
  const has = (kind: string, epoch: number) => markers.some((m) => m.kind === kind && m.epoch === epoch);
  assert.ok(has('lr', 300) && has('lr', 600), 'LR reductions');
  assert.ok(has('best', 700), 'best epoch');
  assert.ok(has('stop', 950), 'early stop');
  assert.ok(has('finding', 400), 'plateau finding range');
  assert.ok(markers.find((m) => m.kind === 'lr')?.label.includes('0.01 → 0.005'));
  const lrChart = await page.evaluate(() => window.__fitwatchPanel?.drawnMarkers('lr') ?? []);
  assert.ok(lrChart.some((m) => m.kind === 'lr') && !lrChart.some((m) => m.kind === 'finding'));
  // The best-epoch line really is on the canvas: its column is mostly the theme's green.
  const greenShare = await page.evaluate(() => {
    const canvas = document.querySelector('[data-chart="loss"] canvas') as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx) return 0;
    const { width, height } = canvas;
    const img = ctx.getImageData(0, 0, width, height).data;
    // The column with the most Dark+ green (#89d185) pixels: the best-epoch line spans the plot.
    let best = 0;
    for (let col = 0; col < width; col++) {
      let green = 0;
      for (let row = 0; row < height; row++) {
        const i = (row * width + col) * 4;
        if (Math.abs(img[i] - 0x89) < 24 && Math.abs(img[i + 1] - 0xd1) < 24 && Math.abs(img[i + 2] - 0x85) < 24) green++;
      }
      best = Math.max(best, green / height);
    }
    return best;
  });
  assert.ok(greenShare > 0.5, `a full-height green best-epoch line (best column ${greenShare.toFixed(2)})`);
  await page.close();
});

test('the log-scale toggle switches the loss axis to a log distribution', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [finishedSnapshot()]);
  await waitForLength(page, 'loss/main:loss', 1000);
  const fraction = (chart: string) =>
    page.evaluate((id) => {
      const hook = window.__fitwatchPanel;
      const s = hook?.yScale(id);
      if (!hook || !s) return undefined;
      const mid = Math.sqrt(s.min * s.max);
      const top = hook.yPos(id, s.max) ?? 0;
      const bottom = hook.yPos(id, s.min) ?? 0;
      return { log: s.log, frac: ((hook.yPos(id, mid) ?? 0) - top) / (bottom - top) };
    }, chart);
  const linear = await fraction('loss');
  assert.equal(linear?.log, false);
  await page.locator('input.fw-log').check();
  await page.waitForFunction(() => window.__fitwatchPanel?.yScale('loss')?.log === true, undefined, WAIT);
  const log = await fraction('loss');
  // On a log axis the geometric mean of the bounds sits in the middle; on a linear one it does not.
  assert.ok(log && Math.abs(log.frac - 0.5) < 0.01, `log: ${log?.frac}`);
  assert.ok(linear && Math.abs(linear.frac - 0.5) > 0.05, `linear: ${linear?.frac}`);
  assert.match((await page.locator('[data-chart="loss"] h3').textContent()) ?? '', /\(log\)/);
  await page.close();
});

test('the log toggle switches the loss chart in place: same canvas, other charts untouched', async () => {
  const page = await openWithFinishedRun();
  await markCanvases(page);
  const calls = await page.evaluate(() => window.__fitwatchPanel?.setDataCalls() ?? 0);
  await page.locator('input.fw-log').check();
  await page.waitForFunction(() => window.__fitwatchPanel?.yScale('loss')?.log === true, undefined, WAIT);
  const marks = await canvasMarks(page);
  assert.ok(marks.length >= 3 && marks.every((m) => m === 'before'), `charts were rebuilt: ${marks}`);
  assert.equal(await page.evaluate(() => window.__fitwatchPanel?.setDataCalls()), calls, 'no data pushed: the loss chart only rescales');
  const ticks = await page.evaluate(() => window.__fitwatchPanel?.yTicks('loss') ?? []);
  assert.ok(ticks.length >= 3 && ticks.every((v) => v > 0), `log ticks ${ticks}`);
  assert.equal((await page.evaluate(() => window.__fitwatchPanel?.yScale('metrics')))?.log, false);
  await page.locator('input.fw-log').uncheck();
  await page.waitForFunction(() => window.__fitwatchPanel?.yScale('loss')?.log === false, undefined, WAIT);
  assert.doesNotMatch((await page.locator('[data-chart="loss"] h3').textContent()) ?? '', /\(log\)/);
  await page.close();
});

test('smoothing 0 hides the raw twins without rebuilding the charts, and the curve is the raw one', async () => {
  const page = await openWithFinishedRun();
  assert.deepEqual(await page.evaluate(() => window.__fitwatchPanel?.hiddenSeries('loss')), []);
  await markCanvases(page);
  await page.locator('input.fw-smoothing').fill('0');
  await page.waitForFunction(() => window.__fitwatchPanel?.hiddenSeries('loss').length === 2, undefined, WAIT);
  assert.deepEqual(await page.evaluate(() => window.__fitwatchPanel?.hiddenSeries('loss')), ['main:loss:raw', 'main:val_loss:raw']);
  const [curve, raw] = await page.evaluate(() => [
    window.__fitwatchPanel?.seriesValues('loss', 'main:loss') ?? [],
    window.__fitwatchPanel?.seriesValues('loss', 'main:loss:raw') ?? [],
  ]);
  assert.deepEqual(curve, raw, 'unsmoothed, the curve is the raw values');
  const marks = await canvasMarks(page);
  assert.ok(
    marks.every((m) => m === 'before'),
    `charts were rebuilt: ${marks}`,
  );
  await page.locator('input.fw-smoothing').fill('0.6');
  await page.waitForFunction(() => window.__fitwatchPanel?.hiddenSeries('loss').length === 0, undefined, WAIT);
  await page.close();
});

test('the learning-rate axis labels the halvings, not only powers of ten', async () => {
  const page = await openWithFinishedRun();
  const ticks = await page.evaluate(() => window.__fitwatchPanel?.yTicks('lr') ?? []);
  // The run goes 0.01 → 0.005 → 0.0025: uPlot's own log axis labelled only 0.01.
  assert.ok(ticks.length >= 2, `ticks ${ticks}`);
  assert.ok(
    ticks.some((v) => Math.abs(Math.log10(v) % 1) > 1e-9),
    `a tick between powers of ten: ${ticks}`,
  );
  const labels = await page.evaluate(() => window.__fitwatchPanel?.yTicks('lr').length);
  assert.equal(labels, ticks.length);
  await page.close();
});

test('a drag zoom on the loss chart zooms every chart; a double-click resets them all', async () => {
  const page = await openPanelPage(browser, server, 'dark', { width: 1200, height: 1000 });
  await sendToPanel(page, [finishedSnapshot(10_000)]);
  await page.waitForFunction(() => (window.__fitwatchPanel?.xExtent('loss')?.[1] ?? 0) === 10_000, undefined, WAIT);
  const full = await page.evaluate(() => window.__fitwatchPanel?.seriesLengths()['loss/main:loss:raw'] ?? 0);
  assert.ok(full > 0 && full < 3000, `10,000 epochs are decimated to the width (${full} rows)`);
  const over = page.locator('[data-chart="loss"] .u-over');
  const box = await over.boundingBox();
  assert.ok(box);
  const y = box.y + box.height / 2;
  // An x band: drag a quarter of the width, staying on one line.
  await page.mouse.move(box.x + box.width * 0.25, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(
    () => {
      const h = window.__fitwatchPanel;
      const l = h?.xScale('loss');
      return !!h && !!l && l[1] - l[0] < 4000 && ['metrics', 'lr'].every((c) => JSON.stringify(h.xScale(c)) === JSON.stringify(l));
    },
    undefined,
    WAIT,
  );
  const win = await page.evaluate(() => window.__fitwatchPanel?.xScale('loss'));
  assert.ok(win && win[0] > 2000 && win[1] < 5500, `window ${win}`);
  // The zoomed charts draw the window (decimated when it is over 3 rows per pixel), not 10,000 rows.
  await page.waitForFunction(
    () => {
      const h = window.__fitwatchPanel;
      const x = h?.xExtent('loss');
      const w = h?.xScale('loss');
      return !!x && !!w && x[0] >= w[0] - 2 && x[1] <= w[1] + 2;
    },
    undefined,
    WAIT,
  );
  const lengths = await page.evaluate(() => window.__fitwatchPanel?.seriesLengths() ?? {});
  const rows = lengths['loss/main:loss:raw'];
  assert.ok(rows <= win[1] - win[0] + 4 && rows <= 3 * Math.ceil(box.width), `zoomed rows ${rows} for ${win}`);
  // A theme switch rebuilds the charts; the zoom stays.
  await markCanvases(page);
  await setTheme(page, 'light');
  await page.waitForFunction(
    () => Array.from(document.querySelectorAll('.fw-chart canvas')).every((c) => !(c as HTMLCanvasElement).dataset.mark),
    undefined,
    WAIT,
  );
  await page.waitForFunction((w) => ['loss', 'metrics', 'lr'].every((c) => JSON.stringify(window.__fitwatchPanel?.xScale(c)) === JSON.stringify(w)), win, WAIT);
  await over.dblclick({ position: { x: box.width / 2, y: box.height / 2 } });
  await page.waitForFunction(
    () => {
      const h = window.__fitwatchPanel;
      return !!h && ['loss', 'metrics', 'lr'].every((c) => (h.xScale(c)?.[0] ?? 99) <= 1 && (h.xScale(c)?.[1] ?? 0) >= 10_000);
    },
    undefined,
    WAIT,
  );
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('a huge first-epoch loss does not flatten the rest of the curve', async () => {
  const page = await openPanelPage(browser, server);
  const run = syntheticRun('spiky', syntheticHistory(500, { spike: true }), 500, false);
  await sendToPanel(page, [{ type: 'snapshot', run, compare: [], choices: [] }]);
  await waitForLength(page, 'loss/main:loss', 500);
  const s = await page.evaluate(() => window.__fitwatchPanel?.yScale('loss'));
  assert.ok(s && s.max < 2, `y max ${s?.max} should ignore the first epoch's ${run.history[0].logs.loss.toFixed(1)}`);
  await page.close();
});

test('PNG export posts a data URL of a real, non-trivial image', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [finishedSnapshot()]);
  await waitForLength(page, 'loss/main:loss', 1000);
  await page.locator('button[data-action="exportPng"]').click();
  const [msg] = await waitForPosted(page, 'export');
  assert.ok(msg.type === 'export' && msg.format === 'png' && msg.dataUrl);
  assert.ok(validatePanelToHost(msg), 'the host validator accepts it');
  const png = Buffer.from(msg.dataUrl.slice('data:image/png;base64,'.length), 'base64');
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/panel-export.png', png);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.ok(width >= 600 && height >= 500, `${width}×${height}`);
  const colours = await page.evaluate(async (url) => {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.width;
    c.height = img.height;
    const ctx = c.getContext('2d');
    if (!ctx) return 0;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  }, msg.dataUrl);
  assert.ok(colours > 50, `${colours} distinct colours: text, axes and several curves`);
  await page.locator('button[data-action="exportCsv"]').click();
  const exports = await waitForPosted(page, 'export', 2);
  assert.deepEqual(exports[1], { type: 'export', format: 'csv' });
  await page.close();
});

test('buttons post stop, reduceLr, applyFix, trainAgain and compare; Stop is only enabled while live', async () => {
  const page = await openPanelPage(browser, server);
  const run = syntheticRun('live-1', syntheticHistory(120), 1000, true);
  run.findings = [plateau];
  await sendToPanel(page, [
    {
      type: 'snapshot',
      run,
      compare: [],
      choices: [
        { id: 'run-old', label: 'yesterday' },
        { id: 'live-1', label: 'this run' },
      ],
    },
  ]);
  await waitForLength(page, 'loss/main:loss', 120);
  assert.equal(await page.locator('button[data-action="trainAgain"]').count(), 0, 'no "train again" while live and nothing applied');
  await page.locator('button[data-action="stop"]').click();
  await page.locator('button[data-action="reduceLr"]').click();
  await page.locator('button[data-action="applyFix"][data-fix="1"]').click();
  await page.locator('button[data-action="trainAgain"]').click();
  await page.locator('select.fw-compare-select').selectOption(['run-old']);
  await waitForPosted(page, 'compare');
  const posted = (await postedByPanel(page)).filter((m) => m.type !== 'ready');
  assert.deepEqual(posted, [
    { type: 'stop', runId: 'live-1' },
    { type: 'reduceLr', runId: 'live-1' },
    { type: 'applyFix', runId: 'live-1', code: 'plateau', fixIndex: 1 },
    { type: 'trainAgain', runId: 'live-1' },
    { type: 'compare', runIds: ['run-old'] },
  ]);
  for (const m of posted) assert.deepEqual(validatePanelToHost(m), m, `host accepts ${m.type}`);
  assert.equal(await page.locator('select.fw-compare-select option').count(), 1, 'the main run is not offered as an overlay');

  await sendToPanel(page, [{ type: 'info', runId: 'live-1', info: { ...run.info, status: 'stopped' }, live: false }]);
  await page.waitForFunction(() => (document.querySelector('button[data-action="stop"]') as HTMLButtonElement).disabled, undefined, WAIT);
  assert.equal(await page.locator('button[data-action="reduceLr"]').isDisabled(), true);
  assert.match((await page.locator('.fw-status').textContent()) ?? '', /stopped/);
  await page.close();
});

test('overlays are drawn under the main run, with their own legend entries', async () => {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [finishedSnapshot()]);
  await waitForLength(page, 'loss/cmp:run-old:loss', 800);
  const lengths = await page.evaluate(() => window.__fitwatchPanel?.seriesLengths() ?? {});
  assert.equal(lengths['loss/main:loss'], 1000);
  assert.equal(lengths['loss/cmp:run-old:val_loss'], 800);
  const legend = await page.locator('[data-chart="loss"] .fw-legend-item').allTextContents();
  assert.ok(legend[0].startsWith('loss') && legend.some((t) => t.startsWith('yesterday (lr 0.01) val_loss')), legend.join(' | '));
  await page.close();
});

test("with a longer overlay, the legend reads the live run's latest epoch, not the overlay's last", async () => {
  const page = await openPanelPage(browser, server);
  const live = syntheticRun('run-live', syntheticHistory(300), 1000, true);
  const old = syntheticRun('run-long', syntheticHistory(1000, { seed: 5 }), 1000, false);
  await sendToPanel(page, [{ type: 'snapshot', run: live, compare: [old], choices: [{ id: 'run-long', label: 'long' }] }]);
  await waitForLength(page, 'loss/cmp:run-long:loss', 1000);
  await page.waitForFunction(() => document.querySelector('[data-chart="loss"] .fw-legend-epoch')?.textContent === 'epoch 300', undefined, WAIT);
  const main = await page.locator('[data-chart="loss"] .fw-legend-item[data-series="main:loss"]').textContent();
  assert.match(main ?? '', /^loss\s*\d\.\d{4}(\(\d\.\d{4}\))?$/, `the live run's value at its epoch 300: ${main}`);
  await page.close();
});

test('the what-if replay of a run is listed under its findings', async () => {
  const page = await openPanelPage(browser, server);
  const run = syntheticRun('keras-seed-log-1234abcd', syntheticHistory(200), 200, false);
  run.whatIf = [
    'With ReduceLROnPlateau(factor 0.5, patience 10) the learning rate would have dropped at epochs 95 and 120.',
    'With EarlyStopping(patience 30) training would have stopped at epoch 124.',
  ];
  await sendToPanel(page, [{ type: 'snapshot', run, compare: [], choices: [] }]);
  await page.locator('.fw-whatif li').nth(1).waitFor(WAIT);
  const items = await page.locator('.fw-whatif li').allTextContents();
  assert.deepEqual(items, run.whatIf);
  assert.match((await page.locator('.fw-whatif h4').textContent()) ?? '', /What if/);
  await page.close();
});

test('malformed and unknown host messages are ignored without breaking the panel', async () => {
  const page = await openPanelPage(browser, server);
  await page.evaluate(() => {
    for (const m of [null, 'x', { type: 'nope' }, { type: 'epoch', runId: 'a' }, { type: 'snapshot', run: { info: {} } }]) window.postMessage(m, '*');
  });
  await sendToPanel(page, [finishedSnapshot(20), { type: 'epoch', runId: 'someone-else', record: { epoch: 20, logs: { loss: 1 }, durationMs: 1 } }]);
  await waitForLength(page, 'loss/main:loss', 20);
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

for (const theme of ['dark', 'light', 'highContrast'] as ThemeName[]) {
  test(`renders in the ${theme} theme (screenshot in test-results/)`, async () => {
    const page = await openPanelPage(browser, server, theme, { width: 1000, height: 1250 });
    await sendToPanel(page, [finishedSnapshot()]);
    await waitForLength(page, 'loss/main:loss', 1000);
    await page.waitForFunction(() => (window.__fitwatchPanel?.drawnMarkers('loss').length ?? 0) > 0, undefined, WAIT);
    // Canvas colours follow the theme variables: the page background is the theme's editor background.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, { dark: 'rgb(30, 30, 30)', light: 'rgb(255, 255, 255)', highContrast: 'rgb(0, 0, 0)' }[theme]);
    mkdirSync('test-results', { recursive: true });
    const file = `test-results/panel-${theme}.png`;
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(statSync(file).size > 20_000, 'a screenshot with content');
    assert.deepEqual(await cspViolations(page), []);
    await page.close();
  });
}

test('a theme switch re-reads the colours and redraws', async () => {
  const page = await openPanelPage(browser, server, 'dark');
  await sendToPanel(page, [finishedSnapshot(100)]);
  await waitForLength(page, 'loss/main:loss', 100);
  const swatch = () =>
    page
      .locator('[data-chart="loss"] .fw-swatch')
      .first()
      .evaluate((e) => getComputedStyle(e).borderTopColor);
  assert.equal(await swatch(), 'rgb(55, 148, 255)');
  await setTheme(page, 'light');
  await page.waitForFunction(
    () => getComputedStyle(document.querySelector('[data-chart="loss"] .fw-swatch') as Element).borderTopColor === 'rgb(26, 133, 255)',
    undefined,
    WAIT,
  );
  await page.close();
});
