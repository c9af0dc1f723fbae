import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns, readRun } from '../../../src/runs/read';
import { parsePreprocessing, readPreprocessing } from '../../../src/runs/preprocessing';
import { predictInChild } from '../../../src/trainer/predict-client';
import { mulberry32, gaussian } from '../../../src/shared/prng';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer,cli,predict' }, stdio: 'inherit' });
});

function cli(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Table {
  header: string[];
  rows: string[][];
}

/** Rows of three raw features on very different scales (so a model only works standardized) and a label. */
function makeTable(kind: 'binary' | 'multiclass' | 'regression', rows = 800): Table {
  const u = mulberry32(kind.length * 7 + 1);
  const g = gaussian(u);
  const out: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const a = 50 + 10 * g();
    const b = -3 + 2 * g();
    const c = 1000 * u();
    const s = (a - 50) / 10 + 0.8 * ((b + 3) / 2) + (c - 500) / 300;
    let label: string;
    if (kind === 'binary') label = s > 0 ? 'yes' : 'no';
    else if (kind === 'multiclass') label = s < -0.6 ? 'low' : s < 0.6 ? 'mid' : 'high';
    else label = (3 * s + 0.1 * g() + 20).toFixed(4);
    out.push([a.toFixed(3), b.toFixed(3), c.toFixed(2), label]);
  }
  return { header: ['alpha', 'beta', 'gamma', 'answer'], rows: out };
}

function csv(t: Table, rows = t.rows, header = true): string {
  return `${header ? `${t.header.join(',')}\n` : ''}${rows.map((r) => r.join(',')).join('\n')}\n`;
}

function spec(kind: 'binary' | 'multiclass' | 'regression', normalize: 'standard' | 'minmax', standardizeTarget = false): string {
  const head =
    kind === 'binary'
      ? { units: 1, activation: 'sigmoid', loss: 'binaryCrossentropy', metrics: ['accuracy'] }
      : kind === 'multiclass'
        ? { units: 3, activation: 'softmax', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] }
        : { units: 1, activation: 'linear', loss: 'meanSquaredError', metrics: ['mae'] };
  return JSON.stringify({
    name: `predict-${kind}`,
    data: { path: 'train.csv', labelColumn: 'answer', normalize, ...(standardizeTarget ? { standardizeTarget } : {}) },
    model: {
      layers: [
        { type: 'dense', units: 16, activation: 'relu' },
        { type: 'dense', units: head.units, activation: head.activation },
      ],
    },
    compile: { loss: head.loss, optimizer: { type: 'adam', learningRate: 0.01 }, metrics: head.metrics },
    fit: { epochs: 25, batchSize: 32, validationSplit: 0.2, seed: 5 },
  });
}

/** Trains `kind` in a fresh workspace with the default (fast) engine; returns the workspace, the run folder and the table. */
function trainRun(
  kind: 'binary' | 'multiclass' | 'regression',
  normalize: 'standard' | 'minmax' = 'standard',
  engine: 'fast' | 'tfjs' = 'fast',
  standardizeTarget = false,
): { root: string; dir: string; table: Table } {
  const root = mkdtempSync(join(tmpdir(), 'fw-predict-'));
  const table = makeTable(kind);
  writeFileSync(join(root, 'train.csv'), csv(table));
  writeFileSync(join(root, 's.fitwatch.json'), spec(kind, normalize, standardizeTarget));
  const r = cli(['train', 's.fitwatch.json', ...(engine === 'tfjs' ? ['--engine', 'tfjs', '--backend', 'cpu'] : [])], root);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, engine === 'fast' ? /Engine: fast/ : /Engine: tfjs/);
  const runs = listRuns(root);
  assert.equal(runs.length, 1);
  return { root, dir: runs[0].dir, table };
}

/** The validation tail, as Keras validation_split takes it. */
function valRows(t: Table): string[][] {
  return t.rows.slice(Math.floor(t.rows.length * 0.8));
}

test('binary, string labels, standardized: predict on the validation rows gets the training-time val_acc, with label names', () => {
  const { root, dir, table } = trainRun('binary');
  const prep = readPreprocessing(dir).preprocessing;
  assert.equal(prep.task, 'binary');
  assert.deepEqual(prep.labels.classes, ['no', 'yes']);
  assert.deepEqual(prep.features.names, ['alpha', 'beta', 'gamma']);
  assert.equal(prep.features.normalize, 'standard');
  // The same file sits next to each saved model, so a copied model folder is complete.
  for (const m of ['model-final', 'model-best']) {
    assert.deepEqual(parsePreprocessing(readFileSync(join(dir, m, 'preprocessing.json'), 'utf8'), m), prep);
  }
  writeFileSync(join(root, 'val.csv'), csv(table, valRows(table)));
  const run = readRun(dir);
  const last = run.history[run.history.length - 1].logs;
  const r = cli(['predict', dir, 'val.csv', '--out', 'pred.csv', '--model', 'final', '--json'], root);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim()) as { rows: number; accuracy: number; logLoss: number; backend: string; model: string };
  assert.equal(result.rows, valRows(table).length);
  assert.equal(result.model, 'final');
  // The cross-entropy on the validation rows is the run's own val_loss.
  assert.ok(Math.abs(result.logLoss - last.val_loss) <= 1e-4 * Math.max(1, last.val_loss), `predict loss ${result.logLoss} vs val_loss ${last.val_loss}`);
  assert.ok(Math.abs(result.accuracy - last.val_acc) <= 1 / result.rows + 1e-12, `predict accuracy ${result.accuracy} vs training val_acc ${last.val_acc}`);
  assert.ok(result.accuracy > 0.9, `a model that learned: ${result.accuracy}`);
  const lines = readFileSync(join(root, 'pred.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'prediction,probability_no,probability_yes');
  assert.equal(lines.length, result.rows + 1);
  let agree = 0;
  valRows(table).forEach((row, i) => {
    const [cls, p0, p1] = lines[i + 1].split(',');
    assert.ok(cls === 'yes' || cls === 'no');
    assert.ok(Math.abs(Number(p0) + Number(p1) - 1) < 1e-6);
    if (cls === row[3]) agree++;
  });
  assert.equal(agree / result.rows, result.accuracy);

  // model-best is scored against the val_acc of its epoch.
  const best = cli(['predict', dir, 'val.csv', '--json'], root);
  assert.equal(best.status, 0, best.stderr);
  const b = JSON.parse(best.stdout.trim().split('\n').pop() ?? '{}') as { accuracy: number; model: string };
  assert.equal(b.model, 'best');
  const bestEpoch = run.info.bestEpoch ?? -1;
  const bestRow = run.history.find((h) => h.epoch === bestEpoch);
  assert.ok(bestRow);
  assert.ok(Math.abs(b.accuracy - bestRow.logs.val_acc) <= 1 / result.rows + 1e-12);

  // Without --out the CSV goes to stdout; a run id works in place of the folder; raw rows
  // without a header in training column order work too.
  writeFileSync(join(root, 'bare.csv'), csv(table, valRows(table), false));
  const id = dir.split('/').pop() ?? '';
  const s = cli(['predict', id, 'bare.csv', '--model', 'final'], root);
  assert.equal(s.status, 0, s.stderr);
  assert.equal(s.stdout.trim().split('\n').length, result.rows + 1);
  assert.match(s.stderr, /accuracy \d\.\d{4}, loss \d[\d.e+-]* against the label column/);
  // Features only, no label column: predictions without a score.
  writeFileSync(join(root, 'features.csv'), csv({ header: table.header.slice(0, 3), rows: valRows(table).map((r) => r.slice(0, 3)) }));
  const f = cli(['predict', dir, 'features.csv', '--json', '--out', 'f.csv'], root);
  assert.equal(f.status, 0, f.stderr);
  assert.equal((JSON.parse(f.stdout.trim()) as { accuracy?: number }).accuracy, undefined);
  // Nothing is overwritten unasked.
  const again = cli(['predict', dir, 'features.csv', '--out', 'f.csv'], root);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already exists; predict does not overwrite files unasked\. .*--force/);
  assert.equal(cli(['predict', dir, 'features.csv', '--out', 'f.csv', '--force'], root).status, 0);
});

test('asked for row losses, the predict child answers one per row: cross-entropy averaging to its logLoss, squared error averaging to its mse', async () => {
  for (const kind of ['binary', 'regression'] as const) {
    const { root, dir, table } = trainRun(kind);
    const data = join(root, 'val.csv');
    writeFileSync(data, csv(table, valRows(table)));
    const outcome = await predictInChild(
      { runDir: dir, runLabel: dir, model: 'best', dataPath: data, dataLabel: 'val.csv', outPath: join(root, 'p.csv'), rowLosses: true },
      { predictPath: join(REPO, 'dist', 'predict.js') },
    );
    const answer = outcome.answer;
    assert.equal(answer?.type, 'result', outcome.stderr);
    if (answer?.type !== 'result') return;
    const rows = answer.rowLosses ?? [];
    assert.equal(rows.length, valRows(table).length);
    assert.ok(rows.every((l) => Number.isFinite(l) && l >= 0));
    const mean = rows.reduce((a, b) => a + b, 0) / rows.length;
    const whole = kind === 'binary' ? answer.logLoss : answer.mse;
    assert.ok(whole !== undefined && Math.abs(mean - whole) <= 1e-9 * Math.max(1, whole), `${kind}: mean row loss ${mean} vs ${whole}`);
  }
});

test('multiclass with min-max scaling: softmax outputs map back to the class names and the val accuracy matches', () => {
  const { root, dir, table } = trainRun('multiclass', 'minmax');
  const prep = readPreprocessing(dir).preprocessing;
  assert.deepEqual(prep.labels.classes, ['high', 'low', 'mid']);
  assert.equal(prep.output.kind, 'softmax');
  // Columns in another order, with an extra one: matched by header name.
  const shuffled = valRows(table).map(([a, b, c, y]) => [y, 'ignored', c, a, b]);
  writeFileSync(join(root, 'val.csv'), csv({ header: ['answer', 'note', 'gamma', 'alpha', 'beta'], rows: shuffled }));
  const r = cli(['predict', dir, 'val.csv', '--model', 'final', '--json', '--out', 'p.csv'], root);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim()) as { accuracy: number; logLoss: number; rows: number };
  const run = readRun(dir);
  const last = run.history[run.history.length - 1].logs;
  assert.ok(Math.abs(result.accuracy - last.val_acc) <= 1 / result.rows + 1e-12, `${result.accuracy} vs ${last.val_acc}`);
  assert.ok(Math.abs(result.logLoss - last.val_loss) <= 1e-4 * Math.max(1, last.val_loss), `softmax loss ${result.logLoss} vs val_loss ${last.val_loss}`);
  const header = readFileSync(join(root, 'p.csv'), 'utf8').split('\n')[0];
  assert.equal(header, 'prediction,probability_high,probability_low,probability_mid');
});

test('a model saved by the tfjs engine predicts the same way (its model.json is written by tfjs itself)', () => {
  const { root, dir, table } = trainRun('binary', 'standard', 'tfjs');
  writeFileSync(join(root, 'val.csv'), csv(table, valRows(table)));
  const r = cli(['predict', dir, 'val.csv', '--model', 'final', '--json', '--out', 'p.csv'], root);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim()) as { accuracy: number; rows: number };
  const run = readRun(dir);
  const last = run.history[run.history.length - 1].logs;
  assert.ok(Math.abs(result.accuracy - last.val_acc) <= 1 / result.rows + 1e-12, `${result.accuracy} vs ${last.val_acc}`);
});

test('regression: predict on the validation rows reproduces val_loss (mse) and val_mae', () => {
  const { root, dir, table } = trainRun('regression');
  writeFileSync(join(root, 'val.csv'), csv(table, valRows(table)));
  const r = cli(['predict', dir, 'val.csv', '--model', 'final', '--json', '--out', 'p.csv'], root);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim()) as { mse: number; mae: number; rows: number };
  const run = readRun(dir);
  const last = run.history[run.history.length - 1].logs;
  assert.ok(Math.abs(result.mse - last.val_loss) <= 1e-4 * Math.max(1, last.val_loss), `mse ${result.mse} vs val_loss ${last.val_loss}`);
  assert.ok(Math.abs(result.mae - last.val_mae) <= 1e-4 * Math.max(1, last.val_mae), `mae ${result.mae} vs val_mae ${last.val_mae}`);
  const lines = readFileSync(join(root, 'p.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], 'prediction');
  assert.ok(Math.abs(Number(lines[1]) - Number(valRows(table)[0][3])) < 3, 'a value on the target scale, not a standardized one');
});

test('regression with data.standardizeTarget: preprocessing.json holds the target mean/std, and predict answers in the target units', () => {
  const { root, dir, table } = trainRun('regression', 'standard', 'fast', true);
  const prep = readPreprocessing(dir).preprocessing;
  assert.ok(prep.target, 'preprocessing.json has the target scaling');
  const ys = table.rows.slice(0, Math.round(table.rows.length * 0.8)).map((r) => Number(r[3]));
  const mean = ys.reduce((a, b) => a + b, 0) / ys.length;
  assert.ok(Math.abs(prep.target.mean - mean) < 1e-3 * Math.abs(mean), `target mean ${prep.target.mean} vs the training rows' ${mean}`);
  assert.deepEqual(readPreprocessing(dir, 'model-final').preprocessing.target, prep.target, 'the copy beside the model has it too');
  writeFileSync(join(root, 'val.csv'), csv(table, valRows(table)));
  const r = cli(['predict', dir, 'val.csv', '--model', 'final', '--json', '--out', 'p.csv'], root);
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(r.stdout.trim()) as { mse: number; rows: number };
  const last = readRun(dir).history.at(-1)?.logs;
  assert.ok(last, 'the run has epochs');
  // val_loss is reported in the target's units too, so the two agree.
  assert.ok(Math.abs(result.mse - last.val_loss) <= 1e-3 * Math.max(1, last.val_loss), `mse ${result.mse} vs val_loss ${last.val_loss}`);
  const lines = readFileSync(join(root, 'p.csv'), 'utf8').trim().split('\n');
  assert.ok(Math.abs(Number(lines[1]) - Number(valRows(table)[0][3])) < 3, `${lines[1]}: a value on the target scale, not a z-score`);
});

test('bad input gets clear errors and exit 2: wrong column count, missing run, unknown label, missing column, wrong model', () => {
  const { root, dir, table } = trainRun('binary');
  writeFileSync(join(root, 'two.csv'), '1.5,2.5\n3.5,4.5\n');
  let r = cli(['predict', dir, 'two.csv'], root);
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /two\.csv:1: error: Line 1 of two\.csv has 2 columns, but the model takes 3 features \("alpha", "beta", "gamma"\), or the training file's 4 columns with the label "answer"\./,
  );

  r = cli(['predict', '.fitwatch/runs/nope', 'two.csv'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /\.fitwatch\/runs\/nope is not a run folder\./);
  r = cli(['predict', 'no-such-id', 'two.csv'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no-such-id is not a run folder nor a run id in \.fitwatch\/runs/);

  const rows = valRows(table).slice(0, 5);
  rows[3] = [...rows[3].slice(0, 3), 'maybe'];
  writeFileSync(join(root, 'odd.csv'), csv(table, rows));
  r = cli(['predict', dir, 'odd.csv'], root);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /odd\.csv:5: error: Line 5 of odd\.csv: the label "maybe" in "answer" is not one of the 2 classes the model was trained on \("no", "yes"\)\./,
  );

  writeFileSync(join(root, 'nobeta.csv'), 'alpha,gamma\n1,2\n');
  r = cli(['predict', dir, 'nobeta.csv'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /lacks the feature column "beta"/);

  writeFileSync(join(root, 'text.csv'), 'alpha,beta,gamma\n1,x,2\n');
  r = cli(['predict', dir, 'text.csv'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /text\.csv:2:2: error: Line 2, column 2 \(feature "beta"\) holds "x"/);

  r = cli(['predict', dir, 'missing.csv'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /The data file missing\.csv was not found/);

  r = cli(['predict', dir], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /predict takes a run folder and a data file/);
  r = cli(['predict', dir, 'two.csv', '--model', 'middle'], root);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--model must be one of best, final/);
});

test('the CLI bundle does not load tfjs: prediction runs in dist/predict.js, which carries tfjs like the trainer', () => {
  const bundle = readFileSync(CLI, 'utf8');
  assert.doesNotMatch(bundle, /require\("@tensorflow\//);
  assert.doesNotMatch(bundle, /loadLayersModel/);
  const predict = readFileSync(join(REPO, 'dist', 'predict.js'), 'utf8');
  assert.doesNotMatch(predict, /require\("@tensorflow\/tfjs"\)/, 'tfjs is bundled in, not resolved from node_modules (the VSIX ships none)');
  assert.match(predict, /loadLayersModel/);
});
