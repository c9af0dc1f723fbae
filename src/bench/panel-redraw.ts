/**
 * Redraw cost of the training-curves panel at scale: 10,000 epochs of a main run plus four
 * overlaid runs (five runs drawn) in headless Chromium. Each sample is one synchronous
 * redraw of all charts after a smoothing change, a log-scale toggle, or a live epoch append
 * (message dispatch + reducer + draw), timed inside the page with performance.now().
 */
import { launchChromium, openPanelPage, sendToPanel, startPanelServer, syntheticHistory, syntheticRun } from './panel-page';

/** What the bench reports. */
export interface PanelRedrawResult {
  epochs: number;
  runs: number;
  medianRedrawMs: number;
  p95RedrawMs: number;
}

const EPOCHS = 10_000;
const RUNS = 5;
const SAMPLES_PER_KIND = 20;

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Measure redraw times; needs `dist/webview.js` (run the build first) and Chromium. */
export async function measurePanelRedraw(root = process.cwd()): Promise<PanelRedrawResult> {
  const server = await startPanelServer(root);
  const browser = await launchChromium();
  try {
    const page = await openPanelPage(browser, server, 'dark', { width: 1200, height: 1000 });
    // The main run is live and SAMPLES_PER_KIND epochs short, so appends are measured too.
    const mainHistory = syntheticHistory(EPOCHS, { lrDrops: [2500, 5000, 7500] });
    const main = syntheticRun('bench-main', mainHistory.slice(0, EPOCHS - SAMPLES_PER_KIND), EPOCHS, true);
    const compare = Array.from({ length: RUNS - 1 }, (_, i) => syntheticRun(`bench-${i}`, syntheticHistory(EPOCHS, { seed: i + 2 }), EPOCHS, false));
    await sendToPanel(page, [{ type: 'snapshot', run: main, compare, choices: compare.map((r) => ({ id: r.info.id, label: r.info.id })) }]);
    await page.waitForFunction((n) => window.__fitwatchPanel?.epochs() === n && window.__fitwatchPanel.setDataCalls() > 0, EPOCHS - SAMPLES_PER_KIND, { timeout: 120_000 });
    const appends = mainHistory.slice(EPOCHS - SAMPLES_PER_KIND);
    const samples = await page.evaluate(
      ({ appends, count }) => {
        const hook = window.__fitwatchPanel;
        if (!hook) throw new Error('the panel debug hook is missing: is dist/webview.js current?');
        hook.flush();
        const times: number[] = [];
        for (let i = 0; i < count; i++) {
          hook.setSmoothing(i % 2 === 0 ? 0.9 : 0.6);
          times.push(hook.flush());
        }
        for (let i = 0; i < count; i++) {
          hook.setLogScale(i % 2 === 0);
          times.push(hook.flush());
        }
        for (const record of appends) {
          const t0 = performance.now();
          window.dispatchEvent(new MessageEvent('message', { data: { type: 'epoch', runId: 'bench-main', record } }));
          hook.flush();
          times.push(performance.now() - t0);
        }
        return times;
      },
      { appends, count: SAMPLES_PER_KIND },
    );
    const sorted = [...samples].sort((a, b) => a - b);
    return { epochs: EPOCHS, runs: RUNS, medianRedrawMs: quantile(sorted, 0.5), p95RedrawMs: quantile(sorted, 0.95) };
  } finally {
    await browser.close();
    await server.close();
  }
}
