/**
 * Redraw cost of the training-curves panel at scale: 10,000 epochs of a main run plus four
 * overlaid runs (five runs drawn) in headless Chromium. Each sample is one synchronous redraw
 * of all charts after a user action or a live epoch (message dispatch + reducer + draw),
 * timed inside the page with performance.now(). Canvas 2D only records its drawing calls;
 * pixels are rasterised at paint time, so each sample is also timed with the rasterisation
 * forced (a 1-pixel getImageData on every chart canvas) as an upper bound of the whole frame.
 */
import type { Page } from 'playwright-core';
import type { EpochRecord } from '../../src/shared/metrics';
import { launchChromium, openPanelPage, sendToPanel, startPanelServer, syntheticHistory, syntheticRun } from '../../test/webview/harness/panel-page';

/** Median and p95 of one kind of redraw, in milliseconds. */
export interface RedrawFigures {
  samples: number;
  medianMs: number;
  p95Ms: number;
  /** The same redraws with the canvas rasterisation forced. */
  medianWithRasterMs: number;
  p95WithRasterMs: number;
}

/** What the bench reports. */
export interface PanelRedrawResult {
  epochs: number;
  runs: number;
  /** Over every sample of every kind. */
  medianRedrawMs: number;
  p95RedrawMs: number;
  medianWithRasterMs: number;
  p95WithRasterMs: number;
  /** One 60 Hz frame: the budget for a redraw. */
  frameBudgetMs: number;
  kinds: Record<RedrawKind, RedrawFigures>;
}

/** The redraws measured. */
export type RedrawKind = 'smoothing' | 'logToggle' | 'zoom' | 'appendBehindOverlays' | 'appendAsLongest';

const EPOCHS = 10_000;
const RUNS = 5;
const SAMPLES_PER_KIND = 20;
const FRAME_MS = 1000 / 60;

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

interface Timed {
  kind: RedrawKind;
  ms: number;
  withRasterMs: number;
}

function figures(samples: Timed[]): RedrawFigures {
  const a = samples.map((s) => s.ms).sort((x, y) => x - y);
  const b = samples.map((s) => s.withRasterMs).sort((x, y) => x - y);
  return { samples: a.length, medianMs: quantile(a, 0.5), p95Ms: quantile(a, 0.95), medianWithRasterMs: quantile(b, 0.5), p95WithRasterMs: quantile(b, 0.95) };
}

/** Load a snapshot (main run live and `mainEpochs` long) and wait until it is drawn. */
async function loadSnapshot(page: Page, main: EpochRecord[], overlayEpochs: number): Promise<void> {
  const compare = Array.from({ length: RUNS - 1 }, (_, i) =>
    syntheticRun(`bench-${i}`, syntheticHistory(overlayEpochs, { seed: i + 2 }), overlayEpochs, false),
  );
  const run = syntheticRun('bench-main', main, EPOCHS, true);
  const calls = await page.evaluate(() => window.__fitwatchPanel?.setDataCalls() ?? 0);
  await sendToPanel(page, [{ type: 'snapshot', run, compare, choices: compare.map((r) => ({ id: r.info.id, label: r.info.id })) }]);
  await page.waitForFunction(
    ({ n, calls }) => window.__fitwatchPanel?.epochs() === n && window.__fitwatchPanel.setDataCalls() > calls,
    { n: main.length, calls },
    { timeout: 120_000 },
  );
}

/** Time `count` redraws of each kind in the page; `appends` are live epochs for the main run. */
async function timeRedraws(page: Page, kinds: RedrawKind[], appends: EpochRecord[], count: number): Promise<Timed[]> {
  return page.evaluate(
    ({ kinds, appends, count }) => {
      const hook = window.__fitwatchPanel;
      if (!hook) throw new Error('the panel debug hook is missing: is dist/webview.js current?');
      const canvases = Array.from(document.querySelectorAll<HTMLCanvasElement>('.fw-chart canvas'));
      const out: { kind: RedrawKind; ms: number; withRasterMs: number }[] = [];
      const sample = (kind: RedrawKind, act: () => void) => {
        const t0 = performance.now();
        act();
        hook.flush();
        const t1 = performance.now();
        for (const c of canvases) c.getContext('2d')?.getImageData(0, 0, 1, 1);
        out.push({ kind, ms: t1 - t0, withRasterMs: performance.now() - t0 });
      };
      hook.flush();
      for (const kind of kinds) {
        for (let i = 0; i < count; i++) {
          if (kind === 'smoothing') sample(kind, () => hook.setSmoothing(i % 2 === 0 ? 0.9 : 0.6));
          else if (kind === 'logToggle') sample(kind, () => hook.setLogScale(i % 2 === 0));
          else if (kind === 'zoom') sample(kind, () => (i % 2 === 0 ? hook.zoomTo('loss', 2000 + 10 * i, 6000 + 10 * i) : hook.resetZoom()));
          else {
            const record = appends[i];
            sample(kind, () => window.dispatchEvent(new MessageEvent('message', { data: { type: 'epoch', runId: 'bench-main', record } })));
          }
        }
      }
      return out;
    },
    { kinds, appends, count },
  );
}

/** Measure redraw times; needs `dist/webview.js` (run the build first) and Chromium. */
export async function measurePanelRedraw(root = process.cwd()): Promise<PanelRedrawResult> {
  const server = await startPanelServer(root);
  const browser = await launchChromium();
  try {
    const page = await openPanelPage(browser, server, 'dark', { width: 1200, height: 1000 });
    const history = syntheticHistory(EPOCHS, { lrDrops: [2500, 5000, 7500] });
    const live = EPOCHS - 2 * SAMPLES_PER_KIND;
    // Compared with finished 10,000-epoch runs: the x extent stays put while the live run grows.
    await loadSnapshot(page, history.slice(0, live), EPOCHS);
    const samples = await timeRedraws(
      page,
      ['smoothing', 'logToggle', 'zoom', 'appendBehindOverlays'],
      history.slice(live, live + SAMPLES_PER_KIND),
      SAMPLES_PER_KIND,
    );
    // The live run is the longest: every epoch widens the x axis, so every series is redrawn.
    await loadSnapshot(page, history.slice(0, live + SAMPLES_PER_KIND), EPOCHS / 2);
    samples.push(...(await timeRedraws(page, ['appendAsLongest'], history.slice(live + SAMPLES_PER_KIND), SAMPLES_PER_KIND)));
    const all = figures(samples);
    const kinds = {} as Record<RedrawKind, RedrawFigures>;
    for (const kind of new Set(samples.map((s) => s.kind))) kinds[kind] = figures(samples.filter((s) => s.kind === kind));
    return {
      epochs: EPOCHS,
      runs: RUNS,
      medianRedrawMs: all.medianMs,
      p95RedrawMs: all.p95Ms,
      medianWithRasterMs: all.medianWithRasterMs,
      p95WithRasterMs: all.p95WithRasterMs,
      frameBudgetMs: FRAME_MS,
      kinds,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
