/**
 * Python quick fixes that run: every script of the corpus (test/fixtures/keras/scripts/corpus-*)
 * gets every quick fix Fitwatch offers on it, as the editor computes them (quick-fix-offers.ts),
 * one after the other. The fixed script then runs with real Keras under callback_probe.py, which
 * wraps Keras' own callback classes: each callback a fix added must have been called at every
 * epoch of every fit that ran, and the CSVLogger's file must read back as a Keras log.
 * One Python process per script (TensorFlow's import is most of its time).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsvLog } from '../../src/keras/log-csv';
import { analyze } from '../unit/keras/python-helpers';
import { PYTHON_ENV, REPO, requirePython } from './python-env';
import { applyAll, type Offer } from './quick-fix-offers';

const SCRIPTS = join(REPO, 'test/fixtures/keras/scripts');
/**
 * The seed question's script (seed.py, which the unit tests also edit) as its author ran it,
 * with its process_dataset() written out on tiny data and one epoch instead of 1000.
 */
function runnableSeed(): string {
  const dataset = [
    'def process_dataset():',
    '    rng = np.random.default_rng(0)',
    "    X = rng.normal(size=(64, 8)).astype('float32')",
    "    return X, (X[:, 0] > 0).astype('float32')",
    '',
    '',
  ].join('\n');
  const seed = readFileSync(join(SCRIPTS, 'seed.py'), 'utf8');
  return `import numpy as np\n${seed.replace('X, y = process_dataset()', `${dataset}X, y = process_dataset()`).replace('epochs=1000', 'epochs=1')}`;
}

/** Each script of the corpus: the corpus-*.py files, and the seed. */
const CORPUS: readonly { name: string; source: string }[] = [
  ...readdirSync(SCRIPTS)
    .filter((f) => f.startsWith('corpus-') && f.endsWith('.py'))
    .sort()
    .map((name) => ({ name, source: readFileSync(join(SCRIPTS, name), 'utf8') })),
  { name: 'seed.py (runnable)', source: runnableSeed() },
];

/** What callback_probe.py writes. */
interface ProbeRecord {
  callbacks: { class: string; epoch: number; learning_rate: number | null }[];
  fits: { line: number | null; epochs: number; keys: string[] }[];
  error: string | null;
}

/** The Keras callback class each callback fix adds. */
const ADDED_CLASS: Readonly<Record<string, string>> = {
  'coach:addReduceLROnPlateau': 'ReduceLROnPlateau',
  'coach:addEarlyStopping': 'EarlyStopping',
  csv: 'CSVLogger',
};

/** Runs `file` in `dir` under the probe. */
function probe(dir: string, file: string): { status: number | null; stderr: string; record?: ProbeRecord } {
  const out = join(dir, 'probe.json');
  const r = spawnSync(requirePython(), [join(REPO, 'test/keras/py/callback_probe.py'), file, out], {
    cwd: dir,
    env: PYTHON_ENV,
    encoding: 'utf8',
    timeout: 240_000,
  });
  const record = existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as ProbeRecord) : undefined;
  return { status: r.status, stderr: `${r.stderr}\n${r.stdout}`.slice(-3000), ...(record ? { record } : {}) };
}

/** Lines (1-based) of the fits in `text` that train the model, as Fitwatch reads them. */
async function fitLines(text: string): Promise<number[]> {
  return (await analyze(text, 'train.py')).fits.map((f) => f.call.span.start.line + 1);
}

test(`the corpus has at least 10 script shapes (${CORPUS.length})`, () => {
  assert.ok(CORPUS.length >= 10, CORPUS.map((c) => c.name).join(', '));
});

for (const { name, source } of CORPUS) {
  test(`${name}: every quick fix applied, the script still trains and the added callbacks are called`, async () => {
    const { text, applied } = await applyAll(source, name);
    const keys = applied.map((a: Offer) => a.key);
    for (const key of Object.keys(ADDED_CLASS)) assert.ok(keys.includes(key), `${name}: ${key} offered (got ${keys.join(', ')})`);
    const limit = (await analyze(source, name)).lineLimit;
    const before = new Set(source.split('\n'));
    const long = text.split('\n').filter((l) => !before.has(l) && l.length > limit);
    assert.deepEqual(long, [], `added lines stay within the script's ${limit} characters`);
    const dir = mkdtempSync(join(tmpdir(), 'fitwatch-corpus-'));
    try {
      writeFileSync(join(dir, 'train.py'), text);
      const r = probe(dir, 'train.py');
      assert.equal(r.status, 0, `${name} after ${keys.join(', ')} failed:\n${r.stderr}\n--- fixed script ---\n${text}`);
      const record = r.record;
      assert.ok(record, 'the probe wrote its record');
      assert.ok(record.fits.length > 0, 'model.fit ran');
      const epochs = record.fits.reduce((n, f) => n + f.epochs, 0);
      const lines = await fitLines(text);
      for (const fit of record.fits) assert.ok(fit.line !== null && lines.includes(fit.line), `the fit that ran (line ${fit.line}) is one Fitwatch edits`);
      for (const key of keys) {
        const cls = ADDED_CLASS[key];
        if (!cls) continue;
        const calls = record.callbacks.filter((c) => c.class === cls).length;
        assert.ok(calls >= epochs, `${cls} (from ${key}) was called at the end of each of the ${epochs} epochs (${calls} calls)`);
      }
      // ReduceLROnPlateau reports the rate it manages in the logs: the history holds it.
      assert.ok(
        record.fits.every((f) => f.keys.includes('learning_rate')),
        `learning_rate logged: ${JSON.stringify(record.fits)}`,
      );
      const csv = parseCsvLog(readFileSync(join(dir, 'fitwatch-log.csv'), 'utf8'), 'fitwatch-log.csv');
      assert.ok(csv.length >= 1 && Number.isFinite(csv[0].logs.loss), 'the CSVLogger file reads back with a loss');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the Keras 2 spellings the checks fix are real failures on Keras 3: Adam(lr=...) and fit_generator, unfixed', () => {
  for (const [name, error] of [
    ['corpus-keras2-model-add.py', /ValueError: Argument\(s\) not recognized: \{'lr'/],
    ['corpus-fit-generator.py', /AttributeError: .*fit_generator/],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'fitwatch-corpus-'));
    try {
      writeFileSync(join(dir, 'train.py'), readFileSync(join(SCRIPTS, name)));
      const r = probe(dir, 'train.py');
      assert.notEqual(r.status, 0, name);
      assert.match(r.record?.error ?? r.stderr, error, name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
