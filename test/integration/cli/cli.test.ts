import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSpec } from '../../../src/shared/spec';
import { readRun } from '../../../src/runs/read';
import { listRuns } from '../../../src/runs/read';
import { SEED_SPEC_TEXT } from '../../../src/cli/sample-spec';
import { makeWorkspace, specText } from '../trainer/workspace';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer,cli' }, stdio: 'inherit' });
});

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('the embedded seed spec is examples/seed.fitwatch.json', () => {
  const file = join(REPO, 'examples', 'seed.fitwatch.json');
  assert.equal(SEED_SPEC_TEXT, readFileSync(file, 'utf8'));
  assert.ok(parseSpec(SEED_SPEC_TEXT, 'seed.fitwatch.json').spec);
});

test('train on a bare CSV with --json: exit 0, every line is JSON, in protocol order', () => {
  const root = makeWorkspace();
  const r = cli(['train', 'data.csv', '--epochs', '3', '--json'], root);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; [k: string]: unknown });
  const types = lines.map((l) => l.type);
  assert.equal(types[0], 'run');
  assert.ok(types.includes('ready') && types.includes('dataset'));
  assert.equal(types.filter((t) => t === 'epoch').length, 3);
  assert.equal(types[types.length - 1], 'done');
  const epoch = lines.find((l) => l.type === 'epoch') as unknown as { logs: Record<string, number>; epoch: number };
  assert.equal(epoch.epoch, 1, 'epochs are 1-based in --json, as Keras prints them');
  assert.ok(typeof epoch.logs.loss === 'number' && typeof epoch.logs.val_loss === 'number');
  const runs = listRuns(root);
  assert.equal(runs.length, 1);
  assert.equal(runs[0].info.status, 'completed');
  // The generated spec is a binary one: sigmoid + binaryCrossentropy on the label column.
  const snapshot = JSON.parse(readFileSync(join(runs[0].dir, 'spec.fitwatch.json'), 'utf8')) as { compile: { loss: string } };
  assert.equal(snapshot.compile.loss, 'binaryCrossentropy');
});

test('train a spec: Keras-style epoch lines and a summary naming the run folder', () => {
  const root = makeWorkspace();
  writeFileSync(join(root, 'm.fitwatch.json'), specText({ epochs: 2, seed: 1 }));
  const r = cli(['train', 'm.fitwatch.json', '--engine', 'tfjs', '--backend', 'cpu'], root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Engine: tfjs, backend: cpu/);
  assert.match(r.stdout, /^Epoch 1\/2 - \d+s - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4} - learning_rate: 0\.01$/m);
  assert.match(r.stdout, /Done: completed after 2 epochs in /);
  assert.match(r.stdout, /Saved: \.fitwatch\/runs\/\d{8}-\d{6}-\d{3}-int/);
});

test('a bad spec prints file:line:col problems and exits 2', () => {
  const root = makeWorkspace();
  writeFileSync(join(root, 'bad.fitwatch.json'), specText().replace('"batchSize": 32', '"batchSize": -3'));
  const r = cli(['train', 'bad.fitwatch.json'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^bad\.fitwatch\.json:9:\d+ \(fit\.batchSize\): error: /m);
  assert.equal(listRuns(root).length, 0);
});

test('a label/output mismatch found by the trainer exits 2 pointing at file:line:col', () => {
  const root = makeWorkspace({ classes: 3 });
  writeFileSync(join(root, 'm.fitwatch.json'), specText({ units: 2, loss: 'sparseCategoricalCrossentropy', activation: 'softmax' }));
  const r = cli(['train', 'm.fitwatch.json', '--engine', 'tfjs', '--backend', 'cpu'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^m\.fitwatch\.json:6:\d+ \(model\.layers\[1\]\.units\): error: .*3 classes/m);
});

test('usage mistakes and missing files exit 2; --help documents the exit codes', () => {
  const root = makeWorkspace();
  assert.equal(cli(['train'], root).status, 2);
  assert.equal(cli(['train', 'data.csv', '--epochs', 'many'], root).status, 2);
  assert.match(cli(['train', 'data.csv', '--bogus'], root).stderr, /bogus/);
  const missing = cli(['train', 'nope.csv'], root);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.csv: error: nope\.csv does not exist/);
  const help = cli(['--help'], root);
  assert.equal(help.status, 0);
  for (const code of ['0', '1', '2', '3', '130']) assert.match(help.stdout, new RegExp(`^\\s+${code}\\s+\\S`, 'm'));
});

test('a diverging run exits 1 with a diverged event', () => {
  const root = makeWorkspace();
  const text = specText({ epochs: 50, seed: 1, loss: 'meanSquaredError', activation: 'linear' }).replace(
    '"type": "adam", "learningRate": 0.01',
    '"type": "sgd", "learningRate": 1000000',
  );
  writeFileSync(join(root, 'd.fitwatch.json'), text);
  const r = cli(['train', 'd.fitwatch.json', '--json'], root);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; reason?: string; event?: { kind: string } });
  assert.ok(lines.some((l) => l.type === 'event' && l.event?.kind === 'diverged'));
  assert.equal(lines[lines.length - 1].reason, 'diverged');
});

test('Ctrl-C stops gracefully: exit 130, run saved as stopped', async () => {
  const root = makeWorkspace();
  writeFileSync(join(root, 'm.fitwatch.json'), specText({ epochs: 5000, seed: 1 }));
  const child = spawn(process.execPath, [CLI, 'train', 'm.fitwatch.json', '--json', '--engine', 'tfjs', '--backend', 'cpu'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (!sent && out.includes('"type":"epoch"')) {
      sent = true;
      child.kill('SIGINT');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 130);
  const done = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; reason?: string })
    .find((l) => l.type === 'done');
  assert.equal(done?.reason, 'stopped');
  const run = readRun(listRuns(root)[0].dir);
  assert.equal(run.info.status, 'stopped');
  assert.ok(run.history.length >= 1);
});

test("--fix writes the coach's preferred fix into an overfitting spec and keeps its comments", () => {
  const root = makeWorkspace();
  const text = `{
  // wide and few rows: overfits
  "data": { "sample": "seed", "rows": 600, "features": 16, "seed": 2 },
  "model": { "layers": [ { "type": "dense", "units": 256, "activation": "relu" }, { "type": "dense", "units": 1, "activation": "sigmoid" } ] },
  "compile": { "loss": "binaryCrossentropy", "optimizer": { "type": "adam", "learningRate": 0.01 }, "metrics": ["accuracy"] },
  "fit": { "epochs": 120, "batchSize": 50, "validationSplit": 0.3, "seed": 1 }
}
`;
  writeFileSync(join(root, 'wide.fitwatch.json'), text);
  const r = cli(['train', 'wide.fitwatch.json', '--fix'], root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr + r.stdout,
    /Applied "[^"]+" \(the fix of \w[\w-]*\) to wide\.fitwatch\.json; the previous text is in \.fitwatch\/runs\/.+\/spec\.before-fix\.fitwatch\.json/,
  );
  const after = readFileSync(join(root, 'wide.fitwatch.json'), 'utf8');
  assert.notEqual(after, text);
  assert.match(after, /\/\/ wide and few rows: overfits/);
  assert.deepEqual(
    parseSpec(after, 'wide.fitwatch.json').problems.filter((p) => p.severity === 'error'),
    [],
  );
});

test('--fix on a data file writes the generated spec beside it, says where, and never overwrites an existing one', () => {
  const root = makeWorkspace();
  const r = cli(['train', 'data.csv', '--epochs', '1', '--seed', '3', '--fix'], root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Wrote the generated spec to data\.fitwatch\.json/);
  assert.ok(existsSync(join(root, 'data.fitwatch.json')));
  assert.match(r.stdout, /^Model: \d+ inputs → Dense\(/m);
  assert.match(r.stdout, /# What happened in this run/);
  const again = cli(['train', 'data.csv', '--epochs', '1', '--fix'], root);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already exists/);
});
