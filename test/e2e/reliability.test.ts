/**
 * Reliability end to end in a real VS Code (code-server), on the default engine at full speed
 * (the seed spec, about 12 ms an epoch): Stop and Reduce Learning Rate Now reach the trainer;
 * a window reload mid-run says what happened and Resume continues the same run folder; Open
 * Run… from run A to run B draws exactly the run it names (every point checked against each
 * run's metrics.csv); a committed run folder whose run.json points outside the workspace is
 * shown, but Apply fix and Train again stay off and nothing outside is written; kill -9 of the
 * extension host at random epochs leaves every run readable, true and resumable.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { randomInt } from 'node:crypto';
import { readCheckpoint } from '../../src/runs/checkpoint';
import { withLiveness } from '../../src/runs/liveness';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import { drawnMismatches } from '../webview/drawn-points';
import { REPO } from './harness/code-server';
import { drawnInPanel, learningRates, metricsCsv, newestRunOf, runsOnDisk, type RunOnDisk } from './harness/runs-on-disk';
import { suiteWorkbench } from './harness/suite-workbench';
import { waitFor } from './harness/wait';
import { openFile, panelText, pickQuickItem, reloadWindow, runCommand, screenshot, webviewFrame, workbenchState } from './harness/workbench';

/** The seed question's model, data and optimizer (examples/seed.fitwatch.json) under another name and length. */
function seedSpec(name: string, epochs: number, learningRate = 0.01): string {
  return `${JSON.stringify(
    {
      name,
      data: { sample: 'seed' },
      model: {
        layers: [
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 16, activation: 'relu' },
          { type: 'dense', units: 1, activation: 'sigmoid' },
        ],
      },
      compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate }, metrics: ['accuracy'] },
      fit: { epochs, batchSize: 200, validationSplit: 0.2, shuffle: true, seed: 1 },
    },
    null,
    2,
  )}\n`;
}

/** The fixture workspace: three seed-speed specs, and runs A and B trained by the CLI beforehand. */
const fixture = mkdtempSync(join(tmpdir(), 'fitwatch-e2e-reliability-'));
const workspace = join(fixture, 'workspace');
mkdirSync(workspace);
writeFileSync(join(workspace, 'seed-fast.fitwatch.json'), seedSpec('seed-fast', 100_000));
writeFileSync(join(workspace, 'seed-reload.fitwatch.json'), seedSpec('seed-reload', 100_000));
writeFileSync(join(workspace, 'seed-chaos.fitwatch.json'), seedSpec('seed-chaos', 100_000));
writeFileSync(join(workspace, 'run-a.fitwatch.json'), seedSpec('run-a', 150));
writeFileSync(join(workspace, 'run-b.fitwatch.json'), seedSpec('run-b', 220, 0.003));
for (const spec of ['run-a.fitwatch.json', 'run-b.fitwatch.json']) {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/cli.js'), 'train', spec, '--workspace', workspace], {
    cwd: workspace,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`the CLI could not train ${spec} (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}
/** Extension-host kills in the chaos test (each costs a window reload; the CLI/trainer chaos in the integration layer does 20). */
const HOST_KILLS = 10;

/** Whether process `pid` exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A file outside the workspace that a committed run folder's run.json points at. */
const outside = join(fixture, 'outside', '.vscode', 'settings.json');
mkdirSync(join(fixture, 'outside', '.vscode'), { recursive: true });
const OUTSIDE_TEXT = '{ "editor.fontSize": 14 }\n';
writeFileSync(outside, OUTSIDE_TEXT);

after(() => rmSync(fixture, { recursive: true, force: true }));

describe('Reliability in a real VS Code (code-server + Chromium), default engine at full speed', { timeout: 900_000 }, () => {
  const wb = suiteWorkbench(workspace, 'reliability-final');
  let page: Page;
  before(() => {
    page = wb.page;
  });

  /** The visible panel showing run `runId` (its test hook says so). */
  const panelOn = (runId: string, timeoutMs = 60_000): Promise<Frame> =>
    webviewFrame(page, async (f) => (await f.evaluate(() => window.__fitwatchPanel?.mainRunId())) === runId, timeoutMs);

  /** Starts `spec` from the palette and waits for its run folder and `minEpochs` rows of metrics.csv. */
  async function trainUntil(spec: string, specName: string, minEpochs: number): Promise<RunOnDisk> {
    const before = newestRunOf(wb.cs.workspace, specName)?.info.id;
    await openFile(page, spec);
    await runCommand(page, 'Fitwatch: Train Model');
    let run: RunOnDisk | undefined;
    // A panel restored after a reload can take focus from the spec; then Train Model asks which
    // spec, as it would ask the user.
    const specPick = page.locator('.quick-input-widget:visible .quick-input-list .monaco-list-row', { hasText: spec }).first();
    await waitFor(`a run of ${specName} with ${minEpochs} epochs in metrics.csv`, 180_000, async () => {
      if ((await specPick.count()) > 0) await specPick.click().catch(() => undefined);
      run = newestRunOf(wb.cs.workspace, specName);
      return !!run && run.info.id !== before && learningRates(run.dir).length >= minEpochs;
    }).catch(async (e: unknown) => {
      const shot = await screenshot(page, `train-until-${specName}`).catch(() => 'none');
      const latest = run && run.info.id !== before ? `${run.info.id}: ${reread(run).info.status}, ${learningRates(run.dir).length} rows` : 'no new run folder';
      throw new Error(`${String(e)}; ${latest}; workbench: ${await workbenchState(page)}; screenshot: ${shot}`);
    });
    if (!run) throw new Error('unreachable');
    return run;
  }

  function reread(run: RunOnDisk): RunOnDisk {
    return runsOnDisk(wb.cs.workspace).find((r) => r.info.id === run.info.id) ?? run;
  }

  it('Open Run… from run A to run B (and back) draws exactly the named run: every point is its metrics.csv value', async () => {
    const a = newestRunOf(wb.cs.workspace, 'run-a');
    const b = newestRunOf(wb.cs.workspace, 'run-b');
    assert.ok(a && b, `the CLI runs are in the workspace: ${JSON.stringify(runsOnDisk(wb.cs.workspace).map((r) => r.info.id))}`);
    for (const [run, name] of [
      [a, 'run-a'],
      [b, 'run-b'],
      [a, 'run-a'],
    ] as const) {
      await runCommand(page, 'Fitwatch: Open Run…');
      await pickQuickItem(page, name);
      const frame = await panelOn(run.info.id);
      const epochs = run.info.epochs;
      await waitFor(`the panel to draw ${epochs} epochs of ${name}`, 60_000, async () =>
        (await drawnInPanel(frame)).drawn.some((c) => c.chart === 'loss' && c.x.length === epochs),
      );
      const shown = await drawnInPanel(frame);
      assert.equal(shown.runId, run.info.id);
      assert.deepEqual(drawnMismatches(shown.drawn, metricsCsv(run.dir), run.info.id, shown.smoothing), [], `${name} as drawn vs its metrics.csv`);
      assert.match(await panelText(frame), new RegExp(`${name} .*Epoch ${epochs}/${epochs}`));
    }
    await screenshot(page, 'reliability-open-run');
  });

  it("Stop on the default engine at full speed: the run ends as stopped, with its model, without the host's kill", async () => {
    const run = await trainUntil('seed-fast.fitwatch.json', 'seed-fast', 50);
    await panelOn(run.info.id);
    await runCommand(page, 'Fitwatch: Stop Training');
    // The host kills the trainer only after fitwatch.stopTimeoutMs (30 s here): a stop ignored at
    // 12 ms epochs would end as failed (SIGKILL), never as stopped.
    await waitFor('run.json to say stopped', 120_000, () => reread(run).info.status !== 'running');
    const end = reread(run).info;
    assert.equal(end.status, 'stopped', `run.json: ${JSON.stringify(end)}`);
    assert.ok(end.epochs >= 50 && end.epochs < 100_000, `a partial run: ${end.epochs} epochs`);
    assert.ok(existsSync(join(run.dir, 'model-final', 'model.json')), 'the model so far is saved');
    assert.equal(learningRates(run.dir).length, end.epochs, 'metrics.csv has one row per recorded epoch');
  });

  it('Reduce Learning Rate Now on the default engine at full speed: metrics.csv and the LR chart show the new rate', async () => {
    const run = await trainUntil('seed-fast.fitwatch.json', 'seed-fast', 30);
    const frame = await panelOn(run.info.id);
    await runCommand(page, 'Fitwatch: Reduce Learning Rate Now');
    await waitFor('metrics.csv to record a lower learning rate', 60_000, () => learningRates(run.dir).some(([, lr]) => lr < 0.0099));
    const rows = learningRates(run.dir);
    const first = rows.findIndex(([, lr]) => lr < 0.0099);
    assert.ok(first > 0, "some epochs ran at the spec's rate first");
    for (const [e, lr] of rows.slice(0, first)) assert.ok(Math.abs(lr - 0.01) < 1e-6, `epoch ${e} at 0.01, got ${lr}`);
    for (const [e, lr] of rows.slice(first)) assert.ok(Math.abs(lr - 0.005) < 1e-6, `epoch ${e} at 0.005, got ${lr}`);
    await waitFor('the LR chart to draw the new rate', 30_000, async () => {
      const lr = (await drawnInPanel(frame)).drawn.find((c) => c.chart === 'lr');
      const values = lr?.series.find((s) => s.main)?.values ?? [];
      return values.some((v) => v !== null && Math.abs(v - 0.005) < 1e-6);
    });
    const markers = await frame.evaluate(() => window.__fitwatchPanel?.drawnMarkers('lr') ?? []);
    const lrMarkers = markers.filter((m) => m.kind === 'lr');
    assert.ok(lrMarkers.length >= 1, `an LR marker is drawn: ${JSON.stringify(markers)}`);
    assert.equal(lrMarkers[0].epoch, rows[first][0], 'the marker sits on the first epoch metrics.csv records at the new rate');
    await runCommand(page, 'Fitwatch: Stop Training');
    await waitFor('the run to stop', 120_000, () => reread(run).info.status === 'stopped');
  });

  it('a window reload mid-run says what happened and offers Resume, which continues the same run folder', async () => {
    const run = await trainUntil('seed-reload.fitwatch.json', 'seed-reload', 60);
    await panelOn(run.info.id);
    await waitFor('a resume checkpoint in the run folder', 120_000, () => existsSync(join(run.dir, 'checkpoint.bin')));
    await reloadWindow(page);
    const frame = await panelOn(run.info.id, 180_000);
    await waitFor('the restored panel to say the run was interrupted, and why', 120_000, async () =>
      /Interrupted: .*window was reloaded/.test(await panelText(frame)),
    );
    // The restored run got its findings back: in the panel, and in Problems on its spec.
    await waitFor("the restored run's findings in the panel", 60_000, async () => (await frame.locator('li.fw-finding').count()) > 0);
    const message = ((await frame.locator('li.fw-finding p').first().textContent()) ?? '').slice(0, 40);
    assert.ok(message.length > 10, 'the finding has a message');
    await runCommand(page, 'View: Focus Problems');
    const marker = page.locator('.markers-panel .monaco-list-row[aria-label*="generated by fitwatch"]').first();
    await marker.waitFor({ timeout: 60_000 });
    assert.ok(((await marker.getAttribute('aria-label')) ?? '').includes(message), `Problems shows the finding "${message}"`);
    const resume = frame.locator('button[data-action="resume"]');
    await waitFor('Resume to be on', 60_000, async () => (await resume.isVisible()) && (await resume.isEnabled()));
    await screenshot(page, 'reliability-interrupted');
    const atReload = reread(run).info;
    assert.notEqual(atReload.status, 'completed');
    const rowsBefore = learningRates(run.dir).length;
    await resume.click();
    await waitFor('the resumed run to train past where it stopped', 180_000, () => learningRates(run.dir).length >= rowsBefore + 30);
    assert.equal(newestRunOf(wb.cs.workspace, 'seed-reload')?.info.id, run.info.id, 'no new run folder: the same run goes on');
    await waitFor('the panel to show the run live again', 60_000, async () => /training/.test(await panelText(frame)));
    await runCommand(page, 'Fitwatch: Stop Training');
    await waitFor('the resumed run to stop', 120_000, () => reread(run).info.status === 'stopped');
    const epochs = learningRates(run.dir).map(([e]) => e);
    assert.deepEqual(
      epochs,
      epochs.map((_, i) => i),
      'metrics.csv holds each epoch once, in order, across the resume',
    );
    const end = reread(run).info;
    assert.ok((end.resumes?.length ?? 0) >= 1, `run.json records the resume: ${JSON.stringify(end.resumes)}`);
    await screenshot(page, 'reliability-resumed');
  });

  it('a run folder whose run.json specPath leaves the workspace: Apply fix and Train again are off, nothing outside is written', async () => {
    const a = newestRunOf(wb.cs.workspace, 'run-a');
    assert.ok(a);
    const id = `${a.info.id}-attack`;
    const dir = join(wb.cs.workspace, '.fitwatch', 'runs', id);
    cpSync(a.dir, dir, { recursive: true });
    const specPath = relative(wb.cs.workspace, outside).split('\\').join('/');
    assert.match(specPath, /^\.\.\//);
    writeFileSync(join(dir, 'run.json'), JSON.stringify({ ...a.info, id, specName: 'committed-run', specPath }));
    const runsBefore = runsOnDisk(wb.cs.workspace).length;
    await runCommand(page, 'Fitwatch: Open Run…');
    await pickQuickItem(page, 'committed-run');
    const frame = await panelOn(id);
    await waitFor('the panel to say why Apply fix and Train again are off', 60_000, async () =>
      /Apply fix and Train again are off: specPath .* outside the workspace/.test(await panelText(frame)),
    );
    const again = frame.locator('button[data-action="trainAgain"]');
    assert.ok(await again.isDisabled());
    for (const b of await frame.locator('button[data-action="applyFix"]').all()) {
      assert.ok(await b.isDisabled());
      await b.click({ force: true });
    }
    await again.click({ force: true });
    await new Promise((ok) => setTimeout(ok, 2000));
    assert.equal(readFileSync(outside, 'utf8'), OUTSIDE_TEXT, 'the file outside the workspace is unchanged');
    assert.equal(runsOnDisk(wb.cs.workspace).length, runsBefore, 'no run was started');
    await screenshot(page, 'reliability-attack');
  });

  it(`chaos: kill -9 of the extension host at a random epoch, ${HOST_KILLS} times: the trainer dies with it, every run reads interrupted, whole and resumable`, async () => {
    for (let round = 0; round < HOST_KILLS; round++) {
      const run = await trainUntil('seed-chaos.fitwatch.json', 'seed-chaos', randomInt(10, 120));
      await waitFor(`round ${round}: a checkpoint`, 120_000, () => existsSync(join(run.dir, 'checkpoint.bin')));
      const live = reread(run).info;
      assert.ok(live.pid && live.hostPid, `round ${round}: run.json names the trainer and its host: ${JSON.stringify(live)}`);
      process.kill(live.hostPid, 'SIGKILL');
      const t0 = Date.now();
      await waitFor(`round ${round}: the trainer to exit after its host`, 5_000, () => !alive(live.pid as number));
      assert.ok(Date.now() - t0 < 2_000 + 250, `round ${round}: the trainer outlived the host by ${Date.now() - t0} ms`);
      const info = withLiveness(reread(run).info);
      assert.equal(info.status, 'interrupted', `round ${round}: ${JSON.stringify(info)}`);
      const text = metricsCsv(run.dir);
      assert.ok(text.endsWith('\n'), `round ${round}: metrics.csv ends mid-row`);
      const rows = text.trimEnd().split('\n').slice(1);
      rows.forEach((r, i) => assert.equal(Number(r.split(',')[0]), i, `round ${round}: row ${i} is "${r}"`));
      const cp = readCheckpoint(run.dir);
      assert.ok(cp && cp.meta.epochs >= 1 && cp.meta.epochs <= rows.length, `round ${round}: a resumable checkpoint within the ${rows.length} rows`);
      // A new extension host for the next round (VS Code stops restarting one that keeps dying).
      await reloadWindow(page);
    }
  });
});
