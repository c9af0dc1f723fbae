import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogdir, tailLogdir } from '../../src/keras/tb-logdir-node';
import type { TbLog } from '../../src/keras/tb-scalars';
import { PYTHON_ENV, REPO, requirePython } from './python-env';

// One Python process writes all four logdirs (torch, tensorboardX, Lightning, Keras), so the
// layer pays for the torch and TensorFlow imports once.
let dir = '';
let expected: Record<string, Record<string, number[]>> = {};

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'fitwatch-tb-'));
  const r = spawnSync(requirePython(), [join(REPO, 'test/keras/scripts/write-logdirs.py'), dir], {
    cwd: dir,
    env: PYTHON_ENV,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`write-logdirs.py exited ${r.status ?? r.signal}:\n${r.stderr}`);
  expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as typeof expected;
});

after(() => rmSync(dir, { recursive: true, force: true }));

function close(actual: number | undefined, want: number | undefined, what: string): void {
  assert.ok(actual !== undefined && want !== undefined && Math.abs(actual - want) <= 1e-6 * Math.max(1, Math.abs(want)), `${what}: ${actual} vs ${want}`);
}

for (const writer of ['torch', 'tbx'] as const) {
  test(`a ${writer === 'torch' ? 'torch.utils.tensorboard.SummaryWriter' : 'tensorboardX'} logdir (Loss/train, Loss/val, 1-based steps) reads as one epoch per step`, async () => {
    const log = await readLogdir(join(dir, writer));
    const want = expected[writer];
    assert.equal(log.writer, 'summary-writer');
    assert.equal(log.history.length, want.loss.length);
    log.history.forEach((r, i) => {
      assert.equal(r.epoch, i);
      close(r.logs.loss, want.loss[i], `loss[${i}]`);
      close(r.logs.val_loss, want.val_loss[i], `val_loss[${i}]`);
      close(r.logs.acc, want.acc[i], `acc[${i}]`);
    });
  });
}

test("a Lightning logdir maps its global steps to epochs through the 'epoch' scalar", async () => {
  const log = await readLogdir(join(dir, 'lightning'));
  const want = expected.lightning.val_loss;
  assert.equal(log.writer, 'lightning');
  assert.equal(log.history.length, want.length);
  log.history.forEach((r, i) => {
    close(r.logs.val_loss, want[i], `val_loss[${i}]`);
    assert.ok(r.logs.loss !== undefined && Number.isFinite(r.logs.loss), `epoch ${i} has the mean of its logged train_loss steps`);
  });
});

test('a Keras TensorBoard callback logdir (TF2 tensor scalars in train/ and validation/) gives the history fit returned', async () => {
  const log = await readLogdir(join(dir, 'keras'));
  const want = expected.keras;
  assert.equal(log.writer, 'keras');
  assert.equal(log.history.length, want.loss.length);
  log.history.forEach((r, i) => {
    close(r.logs.loss, want.loss[i], `loss[${i}]`);
    close(r.logs.val_loss, want.val_loss[i], `val_loss[${i}]`);
    close(r.logs.acc, want.accuracy[i], `acc[${i}]`);
    close(r.logs.val_acc, want.val_accuracy[i], `val_acc[${i}]`);
    assert.ok(r.logs.learning_rate !== undefined && Math.abs(r.logs.learning_rate - 0.01) < 1e-6, 'epoch_learning_rate is the learning rate');
  });
});

test('fitwatch diagnose finds the plateau in the logdir, the CSVLogger file and the history JSON of the same Keras run', () => {
  const cli = join(REPO, 'dist/cli.js');
  for (const target of ['keras', 'keras.csv', 'history.json']) {
    const r = spawnSync(process.execPath, [cli, 'diagnose', target, '--json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; finding?: { code: string }; epochs?: number });
    assert.equal(lines.find((l) => l.type === 'history')?.epochs, 80, target);
    const codes = lines.filter((l) => l.type === 'finding').map((l) => l.finding?.code);
    assert.ok(codes.includes('plateau'), `${target}: ${codes.join(', ')}`);
  }
  // A run that still improves (the torch logdir's 1/epoch curve) is not called a plateau.
  const improving = spawnSync(process.execPath, [cli, 'diagnose', 'torch', '--json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(improving.status, 0, improving.stderr);
  assert.ok(!improving.stdout.includes('"code":"plateau"'), improving.stdout);
});

test('a live logdir is tailed as it grows, a record cut in the middle waiting for its end', async () => {
  // Replay the Keras logdir's bytes into a new folder in two pieces, the cut inside a record.
  const live = join(dir, 'live');
  const sources = ['train', 'validation'].map((run) => {
    const name = readdirSync(join(dir, 'keras', run)).find((n) => n.includes('tfevents')) ?? '';
    mkdirSync(join(live, run), { recursive: true });
    return { target: join(live, run, name), bytes: readFileSync(join(dir, 'keras', run, name)) };
  });
  for (const s of sources) writeFileSync(s.target, s.bytes.subarray(0, Math.floor(s.bytes.length / 2) + 3));
  const logs: TbLog[] = [];
  let wake: (() => void) | undefined;
  const tail = tailLogdir(
    live,
    (log) => {
      logs.push(log);
      wake?.();
    },
    { intervalMs: 50 },
  );
  const until = async (ok: () => boolean): Promise<void> => {
    const deadline = Date.now() + 20_000;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`the tail did not get there; histories: ${logs.map((l) => l.history.length).join(', ')}`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
  };
  try {
    await until(() => logs.length > 0);
    const partial = logs[logs.length - 1].history.length;
    assert.ok(partial > 0 && partial < 80, `half the bytes give part of the run (${partial} epochs)`);
    for (const s of sources) appendFileSync(s.target, s.bytes.subarray(Math.floor(s.bytes.length / 2) + 3));
    await until(() => logs[logs.length - 1].history.length === 80 && logs[logs.length - 1].history.every((r) => r.logs.val_loss !== undefined));
    const full = logs[logs.length - 1].history;
    full.forEach((r, i) => close(r.logs.loss, expected.keras.loss[i], `loss[${i}]`));
  } finally {
    tail.dispose();
  }
});
