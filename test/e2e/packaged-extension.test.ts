/**
 * The extension as a user gets it: installed from the VSIX (`npm run package`) into code-server,
 * then driven like a user: the Get Started walkthrough's first step trains the seed sample with
 * one notification for the whole run, and Run Task ▸ fitwatch trains a spec and puts its
 * problems in Problems through the $fitwatch problem matcher.
 */
import * as assert from 'node:assert/strict';
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { REPO } from './harness/code-server';
import { suiteWorkbench } from './harness/suite-workbench';
import { waitFor } from './harness/wait';
import { pickQuickItem, runCommand, screenshot } from './harness/workbench';
import { vsceLs } from '../package/vsix';

interface RunJson {
  id: string;
  status: string;
  specPath?: string;
  engine?: string;
}

function runs(ws: string): RunJson[] {
  const dir = join(ws, '.fitwatch', 'runs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((id) => join(dir, id, 'run.json'))
    .filter((f) => existsSync(f))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as RunJson);
}

function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name), root) : [relative(root, join(dir, e.name))],
  );
}

/**
 * Counts notification toasts as the workbench adds them, and keeps each one's texts. A string,
 * not a function: the test runner's transpiler would wrap a function's inner helpers in names
 * the page does not define.
 */
const WATCH_TOASTS = `(() => {
  const toasts = [];
  window.__toasts = toasts;
  const seen = new WeakMap();
  const scan = () => {
    for (const el of document.querySelectorAll('.notification-toast-container')) {
      let entry = seen.get(el);
      if (!entry) {
        entry = { texts: [] };
        seen.set(el, entry);
        toasts.push(entry);
      }
      const text = (el.textContent || '').trim();
      if (text && entry.texts[entry.texts.length - 1] !== text) entry.texts.push(text);
    }
  };
  new MutationObserver(scan).observe(document.body, { childList: true, subtree: true, characterData: true });
  scan();
})()`;

async function watchToasts(page: Page): Promise<void> {
  await page.evaluate(WATCH_TOASTS);
}

async function toasts(page: Page): Promise<{ texts: string[] }[]> {
  return page.evaluate('window.__toasts') as Promise<{ texts: string[] }[]>;
}

describe('Fitwatch installed from its VSIX (code-server + Chromium)', { timeout: 600_000 }, () => {
  const wb = suiteWorkbench(join(REPO, 'test/fixtures/workspace'), 'packaged-final');
  let page: Page;
  before(() => {
    page = wb.page;
  });

  it('runs the copy code-server unpacked from the VSIX, holding exactly what vsce lists', () => {
    const installed = wb.cs.extensionPath;
    assert.ok(!lstatSync(installed).isSymbolicLink(), `${installed} is a link, not an installed copy`);
    assert.ok(!installed.startsWith(REPO), `${installed} is inside the checkout`);
    // vsce renames README.md and LICENSE inside the package; install adds nothing else but metadata.
    const rename: Record<string, string> = { 'README.md': 'readme.md', LICENSE: 'LICENSE.txt' };
    const expected = vsceLs()
      .map((f) => rename[f] ?? f)
      .sort();
    const actual = filesUnder(installed)
      .filter((f) => f !== '.vsixmanifest')
      .sort();
    assert.deepEqual(actual, expected);
  });

  it('the walkthrough trains the seed sample, and the run raises at most one notification', async () => {
    await watchToasts(page);
    const before = runs(wb.cs.workspace).length;
    await runCommand(page, 'Fitwatch: Train the Seed Sample');
    await waitFor(
      'the seed run to complete',
      420_000,
      () => runs(wb.cs.workspace).some((r) => r.specPath === 'seed.fitwatch.json' && r.status === 'completed'),
      500,
    );
    assert.equal(runs(wb.cs.workspace).length, before + 1);
    assert.ok(existsSync(join(wb.cs.workspace, '.fitwatch', '.gitignore')), 'the first run wrote .fitwatch/.gitignore');
    // Let the end of the run settle: a notification raised at the end would show up now.
    await new Promise((ok) => setTimeout(ok, 3000));
    const seen = await toasts(page);
    await screenshot(page, 'packaged-seed');
    assert.ok(seen.length <= 1, `one run raised ${seen.length} notifications: ${JSON.stringify(seen)}`);
    for (const t of seen) assert.match(t.texts.join(' '), /Training seed/, `an unexpected notification: ${JSON.stringify(t)}`);
  });

  it('Run Task ▸ fitwatch trains a spec; $fitwatch puts its spec errors in Problems', async () => {
    writeFileSync(
      join(wb.cs.workspace, 'typo.fitwatch.json'),
      readFileSync(join(wb.cs.workspace, 'plateau.fitwatch.json'), 'utf8').replace('"learningRate"', '"learning_rate"'),
    );
    await runCommand(page, 'Tasks: Run Task');
    await page.locator('.quick-input-widget input').fill('fitwatch');
    await pickQuickItem(page, 'fitwatch');
    await pickQuickItem(page, 'train typo.fitwatch.json');
    // The task's terminal takes the panel when it starts: look at Problems once the task has run.
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: "Unknown field 'learning_rate'" }).first();
    await waitFor(
      "the task's spec error in Problems",
      120_000,
      async () => {
        await runCommand(page, 'View: Focus Problems');
        return row.isVisible();
      },
      2000,
    );
    assert.match((await row.getAttribute('aria-label')) ?? '', /typo\.fitwatch\.json|learning_rate/);
    await screenshot(page, 'packaged-task-problem');

    const before = runs(wb.cs.workspace).filter((r) => (r.specPath ?? '').endsWith('plateau.fitwatch.json')).length;
    await runCommand(page, 'Tasks: Run Task');
    await page.locator('.quick-input-widget input').fill('fitwatch');
    await pickQuickItem(page, 'fitwatch');
    await pickQuickItem(page, 'train plateau.fitwatch.json');
    await waitFor(
      'the task to train plateau.fitwatch.json to the end',
      240_000,
      () => runs(wb.cs.workspace).filter((r) => (r.specPath ?? '').endsWith('plateau.fitwatch.json') && r.status === 'completed').length > before,
      500,
    );
  });
});
