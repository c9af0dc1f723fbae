import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRuns } from '../../src/runs/read';
import { REPO, runPython } from './python-env';

const CLI = join(REPO, 'dist', 'cli.js');

before(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, env: { ...process.env, FITWATCH_BUILD_ONLY: 'trainer,cli,predict' }, stdio: 'inherit' });
});

/** The Python recipe of docs/runs.md, verbatim apart from the paths and the final print. */
function docsRecipe(): string {
  const doc = readFileSync(join(REPO, 'docs', 'runs.md'), 'utf8');
  const m = /### Apply it in Python \(Keras\)[\s\S]*?```python\n([\s\S]*?)```/.exec(doc);
  assert.ok(m, 'docs/runs.md has the Python recipe');
  return m[1];
}

test('the documented Python recipe (Keras rebuilds model.json + preprocessing.json) predicts like fitwatch predict', () => {
  const root = mkdtempSync(join(tmpdir(), 'fw-pyprep-'));
  const lines = ['alpha;beta;answer'];
  let s = 7;
  const rand = (): number => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 600; i++) {
    const a = 40 + 20 * rand();
    const b = 1000 * rand();
    lines.push(`${a.toFixed(2).replace('.', ',')};${b.toFixed(1).replace('.', ',')};${(a - 50) / 10 + (b - 500) / 300 > 0 ? 'pos' : 'neg'}`);
  }
  writeFileSync(join(root, 'train.csv'), `${lines.join('\n')}\n`);
  writeFileSync(join(root, 'val.csv'), `${[lines[0], ...lines.slice(481)].join('\n')}\n`);
  writeFileSync(
    join(root, 's.fitwatch.json'),
    JSON.stringify({
      data: { path: 'train.csv', labelColumn: 'answer', normalize: 'standard', decimal: ',' },
      model: {
        layers: [
          { type: 'dense', units: 8, activation: 'relu' },
          { type: 'dense', units: 1, activation: 'sigmoid' },
        ],
      },
      compile: { loss: 'binaryCrossentropy', optimizer: { type: 'adam', learningRate: 0.02 }, metrics: ['accuracy'] },
      fit: { epochs: 20, batchSize: 32, validationSplit: 0.2, seed: 2 },
    }),
  );
  const train = spawnSync(process.execPath, [CLI, 'train', 's.fitwatch.json'], { cwd: root, encoding: 'utf8' });
  assert.equal(train.status, 0, train.stderr);
  const dir = listRuns(root)[0].dir;
  const ours = spawnSync(process.execPath, [CLI, 'predict', dir, 'val.csv', '--out', 'ours.csv', '--json'], { cwd: root, encoding: 'utf8' });
  assert.equal(ours.status, 0, ours.stderr);
  const code =
    docsRecipe()
      .replace('".fitwatch/runs/<id>/model-best"', JSON.stringify(join(dir, 'model-best')))
      .replace('"new.csv"', '"val.csv"') + '\nimport sys\nsys.stdout.write("\\n".join(pred))\n';
  const py = runPython(code, root);
  const theirs = py.stdout.trim().split('\n');
  const mine = readFileSync(join(root, 'ours.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',')[0]);
  assert.equal(theirs.length, mine.length);
  const same = theirs.filter((p, i) => p === mine[i]).length;
  assert.ok(same >= mine.length - 1, `${same} of ${mine.length} predictions agree`);
  assert.ok(theirs.every((p) => p === 'pos' || p === 'neg'));
});
