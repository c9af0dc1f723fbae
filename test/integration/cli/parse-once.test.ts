import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEEK_BYTES } from '../../../src/data/peek';
import { listRuns } from '../../../src/runs/read';

const REPO = join(__dirname, '..', '..', '..');
const CLI = join(REPO, 'dist', 'cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer,cli' }, stdio: 'inherit' });
});

test('a bare CSV sorted by label: the CLI peeks (two classes seen), the trainer settles three classes from every label', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-once-'));
  let text = 'x1,x2,kind\n';
  const n = 200_000;
  for (let r = 0; r < n; r++) {
    const kind = r < n * 0.45 ? 'a' : r < n * 0.9 ? 'b' : 'c';
    const base = kind === 'a' ? 0 : kind === 'b' ? 3 : 6;
    text += `${(base + (r % 7) / 10).toFixed(3)},${((r * 37) % 101) / 100},${kind}\n`;
  }
  assert.ok(text.indexOf(',c\n') > PEEK_BYTES, 'class c only appears after what the CLI peeks at');
  writeFileSync(join(root, 'sorted.csv'), text);
  const r = spawnSync(process.execPath, [CLI, 'train', 'sorted.csv', '--epochs', '2', '--json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const run = lines.find((l) => l.type === 'run') as { input: string };
  assert.match(run.input, /generated spec: 2 features; the task follows from the labels/);
  const dataset = lines.find((l) => l.type === 'dataset') as { summary: { task: string; classes: string[] } };
  assert.equal(dataset.summary.task, 'multiclass');
  assert.deepEqual(dataset.summary.classes, ['a', 'b', 'c']);
  const dir = listRuns(root)[0].dir;
  const snapshot = JSON.parse(readFileSync(join(dir, 'spec.fitwatch.json'), 'utf8')) as {
    compile: { loss: string };
    model: { layers: { units?: number; activation?: string }[] };
  };
  assert.equal(snapshot.compile.loss, 'sparseCategoricalCrossentropy');
  const last = snapshot.model.layers.at(-1);
  assert.deepEqual([last?.units, last?.activation], [3, 'softmax']);
  const prep = JSON.parse(readFileSync(join(dir, 'preprocessing.json'), 'utf8')) as { labels: { classes: string[] }; output: { kind: string; units: number } };
  assert.deepEqual(prep.labels.classes, ['a', 'b', 'c']);
  assert.deepEqual(prep.output, { kind: 'softmax', units: 3 });
});
