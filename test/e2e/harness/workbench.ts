/**
 * Drives the code-server workbench in Debian's Chromium the way a user would: the command
 * palette, the status bar, the Problems view, quick fixes, and the webview's nested iframes.
 */
import { chromium, type Browser, type Frame, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './code-server';
import { waitFor } from './wait';
import { CHROMIUM_ARGS, chromiumPath } from '../../webview/harness/panel-page';

/** The webview harness's Chromium flags, and no /dev/shm: code-server's many frames outgrow a container's small one. */
const E2E_CHROMIUM_ARGS = [...CHROMIUM_ARGS, '--disable-dev-shm-usage'];

/** A workbench page and its browser. */
export interface Workbench {
  page: Page;
  browser: Browser;
  close(): Promise<void>;
}

/** Opens the workbench at `url` and waits until it is interactive. */
export async function openWorkbench(url: string): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: E2E_CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
  return { page, browser, close: () => browser.close() };
}

/** Runs a command from the palette by its title, e.g. "Fitwatch: Train Model". */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  // Retried as a whole, click included: right after start-up (or a window reload) the workbench
  // may not have focus yet, may close the palette again as it settles, and an extension's
  // commands appear only once its manifest has been scanned.
  await waitFor(`the command "${title}" in the palette`, 90_000, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 2_000 });
    } catch {
      await page
        .locator('.part.editor')
        .click({ position: { x: 50, y: 200 } })
        .catch(() => undefined);
      return false;
    }
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 5_000 });
      await row.click({ timeout: 5_000 });
      return true;
    } catch {
      return false;
    }
  });
}

/** Picks an entry in an open quick pick by its visible text. */
export async function pickQuickItem(page: Page, text: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/**
 * Opens a top-level workspace file by clicking it in the Explorer (no file search needed) and
 * waits until its tab is the active one: a tab restored by a reload is not proof the click landed,
 * and a command run next reads the active editor.
 */
export async function openFile(page: Page, name: string): Promise<void> {
  const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first();
  const active = page.locator('.tab.active', { hasText: name }).first();
  await waitFor(`${name} open in the active editor tab`, 60_000, async () => {
    try {
      await row.waitFor({ timeout: 10_000 });
      await row.dblclick({ timeout: 5_000 });
      await active.waitFor({ timeout: 5_000 });
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Reloads the window and waits for the new workbench. The old page's workbench stays in the DOM
 * until the navigation happens, so waiting for the selector alone can return before the reload.
 */
export async function reloadWindow(page: Page): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 120_000 });
  // Awaited together, so a palette failure does not leave the navigation wait to reject unobserved.
  await Promise.all([navigated, runCommand(page, 'Developer: Reload Window')]);
  await page.locator('.monaco-workbench').waitFor({ timeout: 120_000 });
  await page.locator('.statusbar').waitFor({ timeout: 60_000 });
}

/** What the workbench shows a reader of a failed wait: notifications, an open quick input, the active tab. */
export async function workbenchState(page: Page): Promise<string> {
  const texts = async (selector: string): Promise<string[]> =>
    (
      await page
        .locator(selector)
        .allInnerTexts()
        .catch(() => [])
    ).map((t) => t.replace(/\s+/g, ' ').trim());
  return JSON.stringify({
    notifications: await texts('.notification-toast'),
    quickInput: await texts('.quick-input-widget:visible'),
    activeTab: await texts('.tab.active'),
    dialogs: await texts('.monaco-dialog-box'),
  });
}

/** The text of the status bar item whose text contains `marker`, or '' if none. */
export async function statusBarText(page: Page, marker: string): Promise<string> {
  const item = page.locator('.statusbar-item', { hasText: marker }).first();
  return (await item.count()) ? ((await item.textContent()) ?? '') : '';
}

/**
 * The innermost frame of a Fitwatch webview (webviews nest an iframe in an iframe) whose panel
 * is visible and satisfies `accept` (e.g. shows a given run); hidden panels keep their frames.
 */
export async function webviewFrame(page: Page, accept: (f: Frame) => Promise<boolean> = async () => true, timeoutMs = 60_000): Promise<Frame> {
  let found: Frame | undefined;
  await waitFor('a visible Fitwatch webview frame', timeoutMs, async () => {
    for (const f of page.frames()) {
      try {
        const root = f.locator('#fitwatch-root');
        if ((await root.count()) && (await root.isVisible()) && (await accept(f))) {
          found = f;
          return true;
        }
      } catch {
        // frames come and go while the webview loads
      }
    }
    return false;
  });
  if (!found) throw new Error('unreachable: waitFor returned without a frame');
  return found;
}

/** The visible text of a Fitwatch panel, whitespace folded. */
export async function panelText(frame: Frame): Promise<string> {
  return (await frame.locator('#fitwatch-root').innerText()).replace(/\s+/g, ' ');
}

/** Saves a screenshot under test-results/e2e/ for the reader of a failed run. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = join(REPO, 'test-results', 'e2e');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Text of the visible editor lines (the fixture files fit on one screen). */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.editor-instance .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
}

/** Points drawn per chart series in a panel, from its read-only test hook. */
export async function seriesLengths(frame: Frame): Promise<Record<string, number>> {
  return frame.evaluate(() => window.__fitwatchPanel?.seriesLengths() ?? {});
}
