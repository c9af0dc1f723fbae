/**
 * The panel says why its buttons are off: Apply fix and Train again in an untrusted workspace
 * (or with the spec outside it), and Resume on an interrupted run, which says what happened.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  openPanelPage,
  plateauFinding,
  pageErrors,
  postedByPanel,
  sendToPanel,
  startPanelHarness,
  syntheticHistory,
  syntheticRun,
  type PanelServer,
} from './harness/panel-page';
import { validatePanelToHost, type HostToPanel, type RunActions } from '../../src/shared/protocol/panel';

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

const plateau = plateauFinding();

function snapshot(id: string, status: 'completed' | 'running', actions: RunActions | undefined): HostToPanel {
  const run = syntheticRun(id, syntheticHistory(80), 200, false);
  run.info.status = status;
  run.findings = [plateau];
  if (actions) run.actions = actions;
  return { type: 'snapshot', run, compare: [], choices: [] };
}

async function open(msg: HostToPanel): Promise<Page> {
  const page = await openPanelPage(browser, server);
  await sendToPanel(page, [msg]);
  await page.waitForFunction(() => window.__fitwatchPanel?.epochs() === 80, undefined, WAIT);
  await page.evaluate(() => window.__fitwatchPanel?.flush());
  return page;
}

test('an untrusted workspace: Apply fix and Train again are disabled, and the panel says why', async () => {
  const why = 'this workspace is not trusted (Restricted Mode). Trust it to apply fixes and train.';
  const page = await open(snapshot('r-untrusted', 'completed', { editBlocked: why }));
  const apply = page.locator('button[data-action="applyFix"]');
  const again = page.locator('button[data-action="trainAgain"]');
  assert.equal(await apply.count(), 1);
  assert.ok(await apply.isDisabled(), 'Apply fix is off');
  assert.ok(await again.isDisabled(), 'Train again is off');
  assert.equal(await apply.getAttribute('title'), why);
  assert.equal(await page.locator('[data-off="edit"]').textContent(), `Apply fix and Train again are off: ${why}`);
  await apply.click({ force: true });
  await again.click({ force: true });
  const posted = (await postedByPanel(page)).map((m) => m.type);
  assert.ok(!posted.includes('applyFix') && !posted.includes('trainAgain'), `nothing posted: ${posted.join(',')}`);
  assert.equal(await page.locator('button[data-action="resume"]').isVisible(), false, 'a finished run offers no Resume');
  assert.deepEqual(pageErrors(page), []);
  await page.close();
});

test('a trusted workspace: the same buttons are on and post their messages', async () => {
  const page = await open(snapshot('r-trusted', 'completed', undefined));
  assert.equal(await page.locator('[data-off="edit"]').count(), 0);
  await page.locator('button[data-action="applyFix"]').click();
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'applyFix'), undefined, WAIT);
  await page.close();
});

test('an interrupted run says what happened and Resume posts a valid resume message', async () => {
  const reason = 'the window was reloaded at epoch 80 while it trained; the trainer stopped with it.';
  const page = await open(snapshot('r-interrupted', 'running', { interrupted: reason, resumable: true }));
  assert.equal(await page.locator('.fw-status').textContent(), 'interrupted');
  assert.equal(await page.locator('.fw-interrupted-reason').textContent(), `Interrupted: ${reason}`);
  const resume = page.locator('button[data-action="resume"]');
  assert.ok(await resume.isVisible());
  assert.ok(await resume.isEnabled());
  await resume.click();
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'resume'), undefined, WAIT);
  const msg = (await postedByPanel(page)).find((m) => m.type === 'resume');
  assert.deepEqual(validatePanelToHost(msg), { type: 'resume', runId: 'r-interrupted' }, 'the host accepts it');
  assert.ok(await resume.isDisabled(), 'one click, one resume');
  await page.close();
});

test('an interrupted run without a checkpoint: Resume is off and says why', async () => {
  const page = await open(
    snapshot('r-no-ckpt', 'running', { interrupted: 'the trainer was killed (SIGKILL).', resumeBlocked: 'the run folder has no checkpoint.' }),
  );
  const resume = page.locator('button[data-action="resume"]');
  assert.ok(await resume.isDisabled());
  assert.equal(await resume.getAttribute('title'), 'the run folder has no checkpoint.');
  assert.match(
    (await page.locator('.fw-interrupted').textContent()) ?? '',
    /Interrupted: the trainer was killed \(SIGKILL\)\. Resume is off: the run folder has no checkpoint\./,
  );
  await page.close();
});
