/**
 * The training-curves panel in headless Chromium, outside VS Code: the real `dist/webview.js`
 * inside the real HTML from `renderPanelHtml` (same CSP), served from 127.0.0.1, with a fake
 * `acquireVsCodeApi` that records what the panel posts. Used by the Chromium tests and the
 * redraw benchmark.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Finding } from '../../../src/shared/findings';
import type { EpochRecord } from '../../../src/shared/metrics';
import { mulberry32 } from '../../../src/shared/prng';
import { PANEL_ASSETS, renderPanelHtml } from '../../../src/shared/panel-html';
import type { HostToPanel, PanelToHost, RunView } from '../../../src/shared/protocol/panel';

/** VS Code theme variables for the test page (values from Dark+, Light+ and High Contrast). */
export const THEMES = {
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-size': '12px',
      '--vscode-foreground': '#cccccc',
      '--vscode-editor-foreground': '#d4d4d4',
      '--vscode-editor-background': '#1e1e1e',
      '--vscode-descriptionForeground': '#ccccccb3',
      '--vscode-editorWidget-border': '#454545',
      '--vscode-errorForeground': '#f48771',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-button-background': '#0e639c',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#1177bb',
      '--vscode-button-secondaryBackground': '#3a3d41',
      '--vscode-button-secondaryForeground': '#cccccc',
      '--vscode-button-secondaryHoverBackground': '#45494e',
      '--vscode-badge-background': '#4d4d4d',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-focusBorder': '#007fd4',
      '--vscode-input-background': '#3c3c3c',
      '--vscode-input-foreground': '#cccccc',
      '--vscode-textBlockQuote-background': '#222222',
      '--vscode-editor-selectionBackground': '#264f78',
    },
  },
  light: {
    bodyClass: 'vscode-light',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-size': '12px',
      '--vscode-foreground': '#616161',
      '--vscode-editor-foreground': '#000000',
      '--vscode-editor-background': '#ffffff',
      '--vscode-descriptionForeground': '#717171',
      '--vscode-editorWidget-border': '#c8c8c8',
      '--vscode-errorForeground': '#a1260d',
      '--vscode-charts-blue': '#1a85ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#388a34',
      '--vscode-charts-purple': '#652d90',
      '--vscode-charts-yellow': '#bf8803',
      '--vscode-charts-red': '#e51400',
      '--vscode-button-background': '#007acc',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-hoverBackground': '#0062a3',
      '--vscode-button-secondaryBackground': '#5f6a79',
      '--vscode-button-secondaryForeground': '#ffffff',
      '--vscode-button-secondaryHoverBackground': '#4c5561',
      '--vscode-badge-background': '#c4c4c4',
      '--vscode-badge-foreground': '#333333',
      '--vscode-focusBorder': '#0090f1',
      '--vscode-input-background': '#ffffff',
      '--vscode-input-foreground': '#616161',
      '--vscode-textBlockQuote-background': '#f2f2f2',
      '--vscode-editor-selectionBackground': '#add6ff',
    },
  },
  highContrast: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      '--vscode-font-family': 'system-ui, "Segoe UI", Ubuntu, sans-serif',
      '--vscode-font-size': '13px',
      '--vscode-editor-font-size': '12px',
      '--vscode-foreground': '#ffffff',
      '--vscode-editor-foreground': '#ffffff',
      '--vscode-editor-background': '#000000',
      '--vscode-descriptionForeground': '#ffffffb3',
      '--vscode-editorWidget-border': '#6fc3df',
      '--vscode-contrastBorder': '#6fc3df',
      '--vscode-charts-blue': '#3794ff',
      '--vscode-charts-orange': '#d18616',
      '--vscode-charts-green': '#89d185',
      '--vscode-charts-purple': '#b180d7',
      '--vscode-charts-yellow': '#cca700',
      '--vscode-charts-red': '#f14c4c',
      '--vscode-button-background': '#000000',
      '--vscode-button-foreground': '#ffffff',
      '--vscode-button-border': '#6fc3df',
      '--vscode-badge-background': '#000000',
      '--vscode-badge-foreground': '#ffffff',
      '--vscode-focusBorder': '#f38518',
      '--vscode-input-background': '#000000',
      '--vscode-input-foreground': '#ffffff',
      '--vscode-editor-selectionBackground': '#ffffff',
    },
  },
} as const;

/** A theme name of `THEMES`. */
export type ThemeName = keyof typeof THEMES;

/** Chromium flags for a quiet, sandbox-free headless run in CI containers. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The Chromium binary: `CHROMIUM_PATH`, else Debian's. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/**
 * playwright-core, loaded at run time: kept out of the esbuild bundle (it reads its own
 * package files relative to itself), hence the non-literal specifier.
 */
export async function loadPlaywright(): Promise<typeof import('playwright-core')> {
  const specifier = ['playwright', 'core'].join('-');
  return (await import(specifier)) as typeof import('playwright-core');
}

/** Launch headless Chromium, or explain what is missing. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await loadPlaywright();
  try {
    return await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  } catch (e) {
    throw new Error(
      `Could not start Chromium at ${chromiumPath()} (${e instanceof Error ? e.message.split('\n')[0] : String(e)}). Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
}

/** A local server for the panel page and its three assets. */
export interface PanelServer {
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serve the panel from `root` (the extension folder) on 127.0.0.1 with a random port. */
export async function startPanelServer(root = process.cwd()): Promise<PanelServer> {
  const allowed = new Set<string>([PANEL_ASSETS.script, ...PANEL_ASSETS.styles]);
  for (const file of allowed) {
    await readFile(join(root, file)).catch(() => {
      throw new Error(`${join(root, file)} is missing: build the panel first (FITWATCH_BUILD_ONLY=webview node scripts/build.mjs).`);
    });
  }
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0].replace(/^\//, '');
    if (path === '' || path === 'index.html') {
      const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
      const html = renderPanelHtml({
        cspSource: origin,
        nonce: randomBytes(18).toString('base64'),
        scriptUri: `${origin}/${PANEL_ASSETS.script}`,
        styleUris: PANEL_ASSETS.styles.map((s) => `${origin}/${s}`),
        title: 'Fitwatch test panel',
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (path === 'favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (!allowed.has(path) && !(path.endsWith('.map') && allowed.has(path.slice(0, -4)))) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(root, path)).then(
      (body) => res.writeHead(200, { 'content-type': CONTENT_TYPES[path.slice(path.lastIndexOf('.'))] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const PAGE_ERRORS = new WeakMap<Page, string[]>();

/** Uncaught errors and console errors of a page opened by `openPanelPage`. */
export function pageErrors(page: Page): string[] {
  return PAGE_ERRORS.get(page) ?? [];
}

/** Open the panel in a new page with a fake VS Code API and `theme`; resolves once `ready` was posted. */
export async function openPanelPage(browser: Browser, server: PanelServer, theme: ThemeName = 'dark', viewport = { width: 1000, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  // tsx compiles the callbacks below with esbuild's keepNames, which calls a `__name` helper
  // that only exists in Node; give the page a no-op one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(
    (vars: Record<string, string>) => {
      const w = window as unknown as Record<string, unknown>;
      const posted: unknown[] = [];
      const violations: string[] = [];
      let state: unknown;
      w.__posted = posted;
      w.__cspViolations = violations;
      w.acquireVsCodeApi = () => ({
        postMessage: (m: unknown) => posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => state,
        setState: (s: unknown) => {
          state = JSON.parse(JSON.stringify(s));
        },
      });
      document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      // The root element may not exist yet this early; setTheme() below sets the variables anyway.
      if (document.documentElement) for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
    },
    { ...THEMES[theme].vars },
  );
  const errors: string[] = [];
  PAGE_ERRORS.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(server.url);
  await setTheme(page, theme);
  await page.waitForFunction(() => ((window as unknown as { __posted: { type: string }[] }).__posted ?? []).some((m) => m.type === 'ready'), undefined, {
    timeout: 60_000,
  });
  return page;
}

/** Switch the page's theme the way VS Code does: body class and root variables. */
export async function setTheme(page: Page, theme: ThemeName): Promise<void> {
  const t = THEMES[theme];
  await page.evaluate(
    ({ bodyClass, vars }) => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      document.body.className = bodyClass;
    },
    { bodyClass: t.bodyClass, vars: { ...t.vars } as Record<string, string> },
  );
}

/** Post host messages to the panel, in order. */
export async function sendToPanel(page: Page, messages: HostToPanel[]): Promise<void> {
  await page.evaluate((msgs) => {
    for (const m of msgs) window.postMessage(m, '*');
  }, messages);
}

/** Everything the panel has posted so far. */
export async function postedByPanel(page: Page): Promise<PanelToHost[]> {
  return page.evaluate(() => (window as unknown as { __posted: PanelToHost[] }).__posted);
}

/** A seed-shaped history: fast early drop, slow plateau, val above train, LR halved at `lrDrops`. */
export function syntheticHistory(epochs: number, options: { seed?: number; lrDrops?: number[]; spike?: boolean } = {}): EpochRecord[] {
  const rand = mulberry32(options.seed ?? 1);
  const out: EpochRecord[] = [];
  let lr = 0.01;
  for (let e = 0; e < epochs; e++) {
    if (options.lrDrops?.includes(e)) lr /= 2;
    const base = 0.09 + 0.6 * Math.exp(-e / (epochs / 12));
    const loss = base * (1 + 0.04 * (rand() - 0.5)) * (options.spike && e === 0 ? 40 : 1);
    const valLoss = (base + 0.04 * (e / epochs)) * (1 + 0.08 * (rand() - 0.5));
    out.push({
      epoch: e,
      durationMs: e === 0 ? 900 : 40 + 10 * rand(),
      logs: { loss, acc: 1 - loss * 0.45, val_loss: valLoss, val_acc: 1 - valLoss * 0.5, learning_rate: lr },
    });
  }
  return out;
}

/** A RunView for a snapshot. */
export function syntheticRun(id: string, history: EpochRecord[], totalEpochs: number, live: boolean): RunView {
  return {
    info: {
      id,
      specName: 'seed',
      status: live ? 'running' : 'completed',
      startedAt: '2026-01-01T00:00:00Z',
      epochs: history.length,
      totalEpochs,
      backend: 'cpu',
      engine: 'fast',
      monitor: 'val_loss',
    },
    history,
    events: [],
    findings: [],
    live,
  };
}

/** Builds the webview bundle, serves it and starts Chromium: the setup every panel test file shares. */
export async function startPanelHarness(): Promise<{ browser: Browser; server: PanelServer }> {
  if (!existsSync(chromiumPath())) throw new Error(`Chromium not found at ${chromiumPath()}: apt-get install chromium, or set CHROMIUM_PATH`);
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { env: { ...process.env, FITWATCH_BUILD_ONLY: 'webview' }, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`webview build failed:\n${build.stderr}`);
  const server = await startPanelServer();
  return { browser: await launchChromium(), server };
}

/** A plateau warning whose preferred fix is ReduceLROnPlateau, as the coach raises it; `over` changes any field. */
export function plateauFinding(over: Partial<Finding> = {}): Finding {
  return {
    code: 'plateau',
    severity: 'warning',
    epochs: { start: 40, end: 79 },
    evidence: {},
    rule: 'val_loss improved < 0.5% over 40 epochs',
    message: 'val_loss has stopped improving.',
    specPath: ['callbacks'],
    fixes: [{ kind: 'addReduceLROnPlateau', title: 'Add ReduceLROnPlateau', preferred: true, params: {}, specEdits: [] }],
    ...over,
  };
}
