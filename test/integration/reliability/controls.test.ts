/**
 * Controls at full speed on the default (fast) engine: Ctrl-C, Stop and Reduce LR Now over IPC,
 * ReduceLROnPlateau's reductions in metrics.csv, a stop inside one long epoch, and the parent's
 * death. Each test reports what it measured (latencies) in its diagnostics.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCheckpoint } from '../../../src/runs/checkpoint';
import { readRun } from '../../../src/runs/read';
import { parseSpec } from '../../../src/shared/spec';
import type { DoneMessage, EventMessage, TrainerToHost } from '../../../src/shared/protocol/trainer';
import { RUN_FILES } from '../../../src/shared/run';
import { TrainerProcess } from '../../../src/trainer/client';
import { STREAM_WINDOW_MS } from '../../../src/trainer/stream-batcher';
import { makeWorkspace, specText, writeSpec } from '../trainer/workspace';
import { childPids, msUntilGone, onlyRunDir, randomInt, REPO, spawnCli } from './processes';

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'cli,trainer' }, stdio: 'inherit' });
});

/** The seed spec (50,000 × 64, batch 200: about 12 ms an epoch on the fast engine) with `epochs`. */
function seedSpec(epochs: number, over: (t: string) => string = (t) => t): { root: string; file: string } {
  const root = mkdtempSync(join(tmpdir(), 'fw-rel-'));
  const text = over(
    readFileSync(join(REPO, 'examples', 'seed.fitwatch.json'), 'utf8')
      .replace('"epochs": 1000', `"epochs": ${epochs}`)
      .replace(/"\$schema": "[^"]*",/, ''),
  );
  const file = join(root, 'seed.fitwatch.json');
  writeFileSync(file, text);
  return { root, file };
}

/** Reads metrics.csv into rows of numbers keyed by the header. */
function metricsRows(dir: string): Record<string, number>[] {
  const [header, ...rows] = readFileSync(join(dir, RUN_FILES.metrics), 'utf8').trimEnd().split('\n');
  const keys = header.split(',');
  return rows.map((r) => Object.fromEntries(r.split(',').map((v, i) => [keys[i], Number(v)])));
}

test('Ctrl-C (SIGINT) at a random epoch of the seed run: exit 130 within 1.5 s, run stopped, model saved', async (t) => {
  const { root } = seedSpec(100_000);
  const run = spawnCli(['train', 'seed.fitwatch.json'], root);
  const at = randomInt(3, 40);
  await run.waitForLine((l) => l.type === 'epoch' && Number(l.epoch) >= at);
  const t0 = performance.now();
  run.child.kill('SIGINT');
  const exit = await run.exited;
  const ms = exit.at - t0;
  t.diagnostic(`SIGINT after epoch ${at}: CLI exited after ${ms.toFixed(0)} ms`);
  assert.equal(exit.code, 130, run.stderr());
  assert.ok(ms < 1500, `exit took ${ms.toFixed(0)} ms`);
  const dir = onlyRunDir(root);
  const info = readRun(dir).info;
  assert.equal(info.status, 'stopped');
  assert.equal(info.pid, undefined, 'an ended run keeps no pid');
  assert.ok(info.epochs >= at && info.epochs < 100_000);
  assert.ok(existsSync(join(dir, RUN_FILES.finalModel, 'model.json')) && existsSync(join(dir, RUN_FILES.finalModel, 'weights.bin')));
  assert.ok(readCheckpoint(dir), 'a stopped run keeps its checkpoint, so it can be continued');
});

test('Stop and Reduce LR Now over IPC on the seed run: the new rate is in metrics.csv from the next epoch, the stop lands at once', async (t) => {
  const { root, file } = seedSpec(100_000);
  const parsed = parseSpec(readFileSync(file, 'utf8'), file);
  assert.ok(parsed.spec);
  const trainer = new TrainerProcess({ trainerPath: join(REPO, 'dist', 'trainer.js') });
  const messages: TrainerToHost[] = [];
  const lrAt = randomInt(3, 15);
  let stopSentAt = 0;
  let stopEpoch = -1;
  let doneAt = 0;
  trainer.onMessage((m) => {
    messages.push(m);
    if (m.type === 'epoch' && m.record.epoch === lrAt) trainer.setLearningRate(0.0025);
    if (m.type === 'epoch' && m.record.epoch === lrAt + 10) {
      stopSentAt = performance.now();
      stopEpoch = m.record.epoch;
      trainer.post({ type: 'stop' });
    }
    if (m.type === 'done') doneAt = performance.now();
  });
  trainer.start({ spec: parsed.spec, specFile: file, workspaceRoot: root, runDir: join(root, '.fitwatch', 'runs', 'ipc'), runId: 'ipc', healthEvery: 0 });
  const exit = await trainer.exited;
  assert.equal(exit.code, 0, trainer.stderr);
  const done = messages.find((m): m is DoneMessage => m.type === 'done');
  assert.equal(done?.reason, 'stopped');
  const latency = doneAt - stopSentAt;
  const epochs = messages.filter((m) => m.type === 'epoch');
  t.diagnostic(`stop → done ${latency.toFixed(0)} ms (model saved); epochs after the stop was sent: ${epochs.length - 1 - stopEpoch}`);
  // The stop is obeyed within a batch or the 15 ms yield budget: at most the epoch in flight finishes
  // after the trainer reads it. The host, though, sees epochs up to one stream window late (they go
  // out in ~50 ms batches), so the trainer may be that many epochs past the one the stop answered.
  const records = epochs.flatMap((m) => (m.type === 'epoch' ? [m.record] : []));
  const fastestMs = Math.max(1, Math.min(...records.map((r) => r.durationMs)));
  const inWindow = Math.ceil(STREAM_WINDOW_MS / fastestMs);
  t.diagnostic(`up to ${inWindow} epochs of ${fastestMs.toFixed(1)} ms fit in one ${STREAM_WINDOW_MS} ms stream window`);
  assert.ok(epochs.length - 1 - stopEpoch <= 2 + inWindow, `${epochs.length - 1 - stopEpoch} epochs ran after the stop (window: ${inWindow})`);
  const lrSet = messages.find((m): m is EventMessage => m.type === 'event' && m.event.kind === 'lrSet');
  assert.ok(lrSet, 'an lrSet event');
  const setAt = lrSet.event.epoch;
  assert.ok(setAt >= lrAt && setAt <= lrAt + 2 + inWindow, `set at epoch ${setAt}, sent after epoch ${lrAt} (window: ${inWindow})`);
  const rows = metricsRows(join(root, '.fitwatch', 'runs', 'ipc'));
  for (const r of rows) {
    if (r.epoch < setAt) assert.equal(r.learning_rate, 0.01, `epoch ${r.epoch}`);
    if (r.epoch > setAt) assert.equal(r.learning_rate, 0.0025, `epoch ${r.epoch}`);
  }
  assert.equal(readRun(join(root, '.fitwatch', 'runs', 'ipc')).info.status, 'stopped');
});

test('ReduceLROnPlateau reductions show in the learning_rate column from the next epoch on', async () => {
  const root = makeWorkspace({ rows: 2000 });
  const { file } = writeSpec(
    root,
    'p.fitwatch.json',
    specText({ epochs: 12, seed: 2, extra: '"callbacks": { "reduceLROnPlateau": { "monitor": "loss", "factor": 0.5, "patience": 1, "minDelta": 10 } }' }),
  );
  const run = spawnCli(['train', file], root);
  assert.equal((await run.exited).code, 0, run.stderr());
  const dir = onlyRunDir(root);
  const reductions = readRun(dir).events.filter((e) => e.kind === 'lrReduced');
  assert.ok(reductions.length >= 3, `${reductions.length} reductions`);
  const rows = metricsRows(dir);
  for (const e of reductions) {
    const next = rows.find((r) => r.epoch === e.epoch + 1);
    if (next) assert.equal(next.learning_rate, Number(e.data?.newLr), `epoch ${e.epoch + 1} after the reduction at ${e.epoch}`);
  }
});

test('a stop inside one long epoch (batch size 1: 40,000 batches) lands within a batch, not at the epoch end', async (t) => {
  // Wide layers make the one epoch take seconds on the fast engine, so the stop (sent 300 ms in)
  // can only land inside it; with the seed's 16 units the first epoch may already be over.
  const { root, file } = seedSpec(10, (text) => text.replace('"batchSize": 200', '"batchSize": 1').replaceAll('"units": 16', '"units": 512'));
  const parsed = parseSpec(readFileSync(file, 'utf8'), file);
  assert.ok(parsed.spec);
  const trainer = new TrainerProcess({ trainerPath: join(REPO, 'dist', 'trainer.js') });
  const messages: TrainerToHost[] = [];
  let sentAt = 0;
  let doneAt = 0;
  trainer.onMessage((m) => {
    messages.push(m);
    if (m.type === 'dataset') {
      setTimeout(() => {
        sentAt = performance.now();
        trainer.post({ type: 'stop' });
      }, 300);
    }
    if (m.type === 'done') doneAt = performance.now();
  });
  trainer.start({ spec: parsed.spec, specFile: file, workspaceRoot: root, runDir: join(root, '.fitwatch', 'runs', 'long'), runId: 'long', healthEvery: 0 });
  assert.equal((await trainer.exited).code, 0, trainer.stderr);
  const epochs = messages.filter((m) => m.type === 'epoch').length;
  t.diagnostic(`stop inside a long epoch → done after ${(doneAt - sentAt).toFixed(0)} ms; epochs completed: ${epochs}`);
  assert.equal(epochs, 0, 'the first epoch was cut short');
  assert.equal(messages.find((m): m is DoneMessage => m.type === 'done')?.reason, 'stopped');
  assert.ok(doneAt - sentAt < 1000, `${(doneAt - sentAt).toFixed(0)} ms`);
});

test('kill -9 of the CLI: its trainer is gone within 2 s and the run reads interrupted and resumable', async (t) => {
  const { root } = seedSpec(1_000_000_000);
  const run = spawnCli(['train', 'seed.fitwatch.json'], root);
  await run.waitForLine((l) => l.type === 'epoch' && Number(l.epoch) >= randomInt(2, 20));
  const [trainerPid] = childPids(run.child.pid as number);
  assert.ok(trainerPid, 'the trainer child was found');
  run.child.kill('SIGKILL');
  const gone = await msUntilGone(trainerPid, 2000);
  t.diagnostic(`trainer gone ${gone.toFixed(0)} ms after kill -9 of the CLI`);
  assert.ok(gone < 2000, 'the trainer outlived its parent by 2 s');
  const info = readRun(onlyRunDir(root)).info;
  assert.equal(info.status, 'interrupted');
  assert.match(info.interruption ?? '', /host process went away|died/);
  assert.ok(readCheckpoint(onlyRunDir(root)));
});
