import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRun } from '../../../src/runs/read';
import {
  isEventOf,
  TRAINER_PROTOCOL_VERSION,
  type DoneMessage,
  type EpochMessage,
  type ErrorMessage,
  type EventMessage,
  type ReadyMessage,
  type TrainerToHost,
} from '../../../src/shared/protocol/trainer';
import { RUN_FILES } from '../../../src/shared/run';
import { TrainerProcess } from '../../../src/trainer/client';
import { makeWorkspace, runTrainer, specText, startFor, TRAINER_JS, writeSpec } from './workspace';

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], {
    cwd: join(__dirname, '..', '..', '..'),
    env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer' },
    stdio: 'inherit',
  });
});

const ofType = <T extends TrainerToHost['type']>(msgs: TrainerToHost[], type: T): Extract<TrainerToHost, { type: T }>[] =>
  msgs.filter((m): m is Extract<TrainerToHost, { type: T }> => m.type === type);

for (const engine of ['tfjs', 'fast'] as const) {
  test(`${engine}: a run learns, streams ready/dataset/epochs/done, and leaves its files on disk`, async () => {
    const root = makeWorkspace();
    const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 8, seed: 4 }));
    const { messages, exit } = await runTrainer(startFor(root, spec, file, 'r', { engine, backend: engine === 'tfjs' ? 'cpu' : undefined, healthEvery: 4 }));
    assert.equal(exit.code, 0);
    const ready = ofType(messages, 'ready')[0] as ReadyMessage;
    assert.equal(ready.engine, engine);
    if (engine === 'tfjs') assert.equal(ready.backend, 'cpu');
    assert.deepEqual([ready.monitor, ready.direction], ['val_loss', 'min']);
    assert.equal(ofType(messages, 'dataset')[0].summary.rows, 600);
    const epochs = ofType(messages, 'epoch') as EpochMessage[];
    assert.equal(epochs.length, 8);
    assert.ok(epochs[7].record.logs.loss < epochs[0].record.logs.loss * 0.8, `${epochs[0].record.logs.loss} → ${epochs[7].record.logs.loss}`);
    assert.deepEqual(
      ofType(messages, 'health').map((h) => h.epoch),
      [3, 7],
    );
    const done = ofType(messages, 'done')[0] as DoneMessage;
    assert.equal(done.reason, 'completed');
    assert.equal(done.monitor, 'val_loss');
    assert.equal(messages[messages.length - 1].type, 'done');

    const dir = join(root, '.fitwatch', 'runs', 'r');
    const run = readRun(dir);
    assert.equal(run.info.status, 'completed');
    assert.equal(run.info.engine, engine);
    assert.equal(run.info.direction, 'min');
    assert.equal(run.history.length, 8);
    assert.equal(run.history[3].logs.val_loss, epochs[3].record.logs.val_loss);
    assert.ok(run.events.some((e) => e.kind === 'newBest'));
    assert.equal(readFileSync(join(dir, RUN_FILES.metrics), 'utf8').split('\n')[0], 'epoch,acc,learning_rate,loss,val_acc,val_loss');
    for (const m of [RUN_FILES.bestModel, RUN_FILES.finalModel]) {
      assert.ok(existsSync(join(dir, m, 'model.json')) && existsSync(join(dir, m, 'weights.bin')), m);
    }
  });

  test(`${engine}: fit.seed makes a run repeat exactly`, async () => {
    const root = makeWorkspace();
    const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 3, seed: 11 }));
    const extra = { engine, backend: engine === 'tfjs' ? ('cpu' as const) : undefined };
    await runTrainer(startFor(root, spec, file, 'a', extra));
    await runTrainer(startFor(root, spec, file, 'b', extra));
    const csv = (id: string): string => readFileSync(join(root, '.fitwatch', 'runs', id, RUN_FILES.metrics), 'utf8');
    assert.equal(csv('a'), csv('b'));
  });
}

test('both engines start from the same weights: the first epoch agrees closely', async () => {
  const root = makeWorkspace();
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 1, seed: 5 }));
  const a = await runTrainer(startFor(root, spec, file, 'tfjs', { engine: 'tfjs', backend: 'cpu' }));
  const b = await runTrainer(startFor(root, spec, file, 'fast', { engine: 'fast' }));
  const la = (ofType(a.messages, 'epoch')[0] as EpochMessage).record.logs;
  const lb = (ofType(b.messages, 'epoch')[0] as EpochMessage).record.logs;
  assert.ok(Math.abs(la.loss - lb.loss) < 1e-3, `${la.loss} vs ${lb.loss}`);
  assert.ok(Math.abs(la.val_loss - lb.val_loss) < 1e-3, `${la.val_loss} vs ${lb.val_loss}`);
});

test('a stop mid-run is obeyed: done stopped, partial run on disk with status stopped', async () => {
  const root = makeWorkspace();
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 500, seed: 1 }));
  const { messages, exit } = await runTrainer(startFor(root, spec, file, 's', { engine: 'tfjs', backend: 'cpu' }), (m, t) => {
    if (m.type === 'epoch' && m.record.epoch === 1) t.post({ type: 'stop' });
  });
  assert.equal(exit.code, 0);
  const done = ofType(messages, 'done')[0] as DoneMessage;
  assert.equal(done.reason, 'stopped');
  assert.ok(done.epochs >= 2 && done.epochs < 500, String(done.epochs));
  const run = readRun(join(root, '.fitwatch', 'runs', 's'));
  assert.equal(run.info.status, 'stopped');
  assert.equal(run.history.length, done.epochs);
  assert.ok(run.events.some((e) => e.kind === 'stopRequested'));
  assert.ok(existsSync(join(root, '.fitwatch', 'runs', 's', RUN_FILES.finalModel, 'model.json')));
});

test('setLearningRate takes effect: the logged learning_rate changes and an lrSet event is sent', async () => {
  const root = makeWorkspace();
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 300, seed: 1 }));
  const { messages } = await runTrainer(startFor(root, spec, file, 'lr', { engine: 'tfjs', backend: 'cpu' }), (m, t) => {
    if (m.type === 'epoch' && m.record.epoch === 0) t.setLearningRate(0.0005);
    // Stop two epochs after the new rate shows up, to keep the test short.
    if (m.type === 'event' && m.event.kind === 'lrSet') t.post({ type: 'stop' });
  });
  const set = (ofType(messages, 'event') as EventMessage[]).map((m) => m.event).find((e) => isEventOf(e, 'lrSet'));
  assert.ok(set, 'an lrSet event');
  assert.equal(set.data?.newLr, 0.0005);
  const epochs = (ofType(messages, 'epoch') as EpochMessage[]).map((m) => m.record);
  assert.equal(epochs[0].logs.learning_rate, 0.01);
  // From the epoch it was set in on, every logged rate is the new one.
  const after = epochs.filter((r) => r.epoch >= set.epoch);
  assert.ok(after.length > 0, 'at least one epoch logged after the change');
  assert.ok(
    after.every((r) => r.logs.learning_rate === 0.0005),
    JSON.stringify(after.map((r) => r.logs.learning_rate)),
  );
  assert.equal((ofType(messages, 'done')[0] as DoneMessage).reason, 'stopped');
});

test('a bad data file is answered with an error message that names the file', async () => {
  const root = makeWorkspace();
  writeFileSync(join(root, 'data.csv'), 'f0,f1,label\n1,2,0\n3,oops,1\n4,5,0\n6,7,1\n');
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 2 }));
  const { messages, exit } = await runTrainer(startFor(root, spec, file, 'bad', { engine: 'tfjs', backend: 'cpu' }));
  assert.equal(exit.code, 1);
  const err = ofType(messages, 'error')[0] as ErrorMessage;
  assert.match(err.problem.code, /^data\//);
  assert.equal(err.problem.location?.file, 'data.csv');
  assert.ok(!existsSync(join(root, '.fitwatch', 'runs', 'bad')), 'bad input leaves no run folder');
});

test('a label/output mismatch is an error at model.layers[i].units with line and column', async () => {
  const root = makeWorkspace({ classes: 3 });
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 2, units: 2, loss: 'sparseCategoricalCrossentropy', activation: 'softmax' }));
  const { messages, exit } = await runTrainer(startFor(root, spec, file, 'mm', { engine: 'tfjs', backend: 'cpu' }));
  assert.equal(exit.code, 1);
  const err = ofType(messages, 'error')[0] as ErrorMessage;
  assert.equal(err.problem.code, 'model/output-units-mismatch');
  assert.deepEqual(err.problem.location?.jsonPath, ['model', 'layers', 1, 'units']);
  assert.equal(err.problem.location?.file, file);
  assert.equal(err.problem.location?.line, 6);
  assert.match(err.problem.message, /3 classes/);
});

test('a protocol version mismatch is refused with an error message', async () => {
  const root = makeWorkspace();
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText());
  const t = new TrainerProcess({ trainerPath: TRAINER_JS });
  const messages: TrainerToHost[] = [];
  t.onMessage((m) => messages.push(m));
  t.post({ ...startFor(root, spec, file, 'p'), type: 'start', protocol: 0 });
  const exit = await t.exited;
  assert.equal(exit.code, 1);
  assert.match((ofType(messages, 'error')[0] as ErrorMessage).problem.message, /protocol version mismatch/);
});

test('when the parent dies, the trainer exits', async () => {
  const root = makeWorkspace();
  const { spec, file } = writeSpec(root, 'int.fitwatch.json', specText({ epochs: 100000 }));
  const parentJs = join(root, 'parent.js');
  // The parent shares its stdout with the trainer, so the pipe closes only once both are gone.
  writeFileSync(
    parentJs,
    `const { fork } = require('node:child_process');
const t = fork(${JSON.stringify(TRAINER_JS)}, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
t.on('message', (m) => { if (m.type === 'epoch' && m.record.epoch === 0) process.stdout.write('trainer ' + t.pid + '\\n'); });
t.send(${JSON.stringify({ type: 'start', protocol: TRAINER_PROTOCOL_VERSION, ...startFor(root, spec, file, 'orphan', { engine: 'tfjs', backend: 'cpu' }) })});
`,
  );
  const parent = spawn(process.execPath, [parentJs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const trainerPid = await new Promise<number>((resolve) => {
    parent.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /trainer (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
  });
  const closed = new Promise<void>((resolve) => parent.stdout.on('close', () => resolve()));
  parent.kill('SIGKILL');
  await closed;
  // Gone, or a zombie waiting for the container's init to reap it: either way it no longer runs.
  const state = existsSync(`/proc/${trainerPid}/stat`) ? readFileSync(`/proc/${trainerPid}/stat`, 'utf8').split(') ')[1]?.[0] : 'gone';
  assert.ok(state === 'gone' || state === 'Z' || state === 'X', `trainer state ${state}`);
  const run = readRun(join(root, '.fitwatch', 'runs', 'orphan'));
  // Losing the host is not the run's failure: it ends interrupted, with the reason, and resumable.
  assert.equal(run.info.status, 'interrupted');
  assert.match(run.info.interruption ?? '', /host process (went away|\(pid \d+\) died)/);
});

test('ready names the monitor the trainer tracks: ReduceLROnPlateau on loss, or accuracy maximised', async () => {
  const root = makeWorkspace();
  const onLoss = writeSpec(
    root,
    'loss.fitwatch.json',
    specText({ epochs: 2, seed: 3, extra: '"callbacks": { "reduceLROnPlateau": { "monitor": "loss", "patience": 1 } }' }),
  );
  const a = await runTrainer(startFor(root, onLoss.spec, onLoss.file, 'on-loss', { engine: 'fast' }));
  const readyA = ofType(a.messages, 'ready')[0];
  assert.deepEqual([readyA.monitor, readyA.direction], ['loss', 'min']);
  const onAcc = writeSpec(
    root,
    'acc.fitwatch.json',
    specText({ epochs: 2, seed: 3, extra: '"callbacks": { "earlyStopping": { "monitor": "val_acc", "patience": 5 } }' }),
  );
  const b = await runTrainer(startFor(root, onAcc.spec, onAcc.file, 'on-acc', { engine: 'fast' }));
  const readyB = ofType(b.messages, 'ready')[0];
  assert.deepEqual([readyB.monitor, readyB.direction], ['val_acc', 'max']);
  assert.equal(readRun(join(root, '.fitwatch', 'runs', 'on-acc')).info.direction, 'max');
});
