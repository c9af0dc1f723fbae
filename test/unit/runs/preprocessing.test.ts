import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { normalizeInPlace } from '../../../src/data/feature-stats';
import {
  buildPreprocessing,
  copyPreprocessingBesideModels,
  parsePreprocessing,
  readPreprocessing,
  writePreprocessing,
  type PreprocessingSource,
} from '../../../src/runs/preprocessing';
import { FitwatchError } from '../../../src/shared/location';

const stats = [
  { name: 'a', mean: 10, std: 2, min: 4, max: 16 },
  { name: 'b', mean: -1, std: 0, min: -1, max: -1 },
];

function source(normalize: 'standard' | 'minmax' | 'none'): PreprocessingSource {
  return {
    summary: { format: 'csv', featureNames: ['a', 'b'], labelName: 'y', task: 'binary', classes: ['no', 'yes'], normalize, featureStats: stats },
    labelWidth: 1,
    layout: { columns: ['a', 'y', 'b'], header: true, featureIndex: [0, 2], labelIndex: 1, delimiter: ';', decimal: ',' },
  };
}

const SPEC = {
  compile: {
    loss: 'binaryCrossentropy' as const,
    optimizer: { type: 'adam' as const, learningRate: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
    metrics: [],
  },
  data: { kind: 'file' as const, path: 'd.csv', labelColumn: 'y', header: 'auto' as const, normalize: 'standard' as const },
};

test('shift and scale reproduce the training scaling exactly (standard, minmax, none; a zero spread scales by 1)', () => {
  for (const mode of ['standard', 'minmax', 'none'] as const) {
    const p = buildPreprocessing(SPEC, source(mode));
    const raw = Float32Array.from([7.3, -1, 15.9, -1, 4, -1]);
    const trained = Float32Array.from(raw);
    normalizeInPlace(trained, 2, stats, mode);
    const applied = Float32Array.from(raw, (v, i) => (Math.fround(v) - p.features.shift[i % 2]) * p.features.scale[i % 2]);
    assert.deepEqual(Array.from(applied), Array.from(trained), mode);
  }
});

test('the file records columns, label map, task, output and decimal; it round-trips through the validator', () => {
  const p = buildPreprocessing(SPEC, source('standard'));
  assert.equal(p.format, 'fitwatch-preprocessing');
  assert.equal(p.version, 1);
  assert.deepEqual(p.input, { format: 'csv', columns: ['a', 'y', 'b'], header: true, featureIndex: [0, 2], labelIndex: 1, delimiter: ';', decimal: ',' });
  assert.deepEqual(p.labels, { name: 'y', classes: ['no', 'yes'], encoding: 'index' });
  assert.deepEqual(p.output, { kind: 'sigmoid', units: 1, threshold: 0.5 });
  assert.equal(p.target, undefined);
  assert.deepEqual(parsePreprocessing(JSON.stringify(p), 'p.json'), p);
  const withTarget = buildPreprocessing(
    { ...SPEC, compile: { ...SPEC.compile, loss: 'meanSquaredError' } },
    { ...source('standard'), summary: { ...source('standard').summary, task: 'regression', classes: undefined } },
    { mean: 3, std: 2 },
  );
  assert.deepEqual(withTarget.target, { mean: 3, std: 2 });
  assert.deepEqual(withTarget.output, { kind: 'linear', units: 1 });
  assert.deepEqual(parsePreprocessing(JSON.stringify(withTarget), 'p.json'), withTarget);
});

test('the validator names the field that is wrong', () => {
  const good = buildPreprocessing(SPEC, source('standard'));
  const bad = (patch: (o: Record<string, unknown>) => void): string => {
    const o = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    patch(o);
    return JSON.stringify(o);
  };
  const cases: [string, RegExp][] = [
    ['{', /not valid JSON/],
    [bad((o) => (o.format = 'other')), /format must be "fitwatch-preprocessing"/],
    [bad((o) => ((o.features as Record<string, unknown>).scale = [1])), /features\.scale must have 2 entries/],
    [bad((o) => ((o.input as Record<string, unknown>).featureIndex = [0, 9])), /input\.featureIndex must hold column indices from 0 to 2/],
    [bad((o) => ((o.labels as Record<string, unknown>).classes = ['only'])), /labels\.classes must list at least two classes/],
    [bad((o) => (o.target = { mean: 0, std: 0 })), /target\.std must be above 0/],
    [bad((o) => (o.task = 'ranking')), /task must be one of binary, multiclass, regression/],
  ];
  for (const [text, message] of cases) {
    assert.throws(
      () => parsePreprocessing(text, 'p.json'),
      (e: unknown) => e instanceof FitwatchError && e.problem.code === 'runs/bad-preprocessing' && message.test(e.problem.message),
      String(message),
    );
  }
  assert.throws(
    () =>
      parsePreprocessing(
        bad((o) => (o.version = 2)),
        'p.json',
      ),
    /has format version 2/,
  );
});

test('written into the run folder, copied beside each saved model, read from the model folder first', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fw-prep-'));
  assert.throws(() => readPreprocessing(dir), /has no preprocessing\.json/);
  const p = buildPreprocessing(SPEC, source('minmax'));
  writePreprocessing(dir, p);
  mkdirSync(join(dir, 'model-final'));
  writeFileSync(join(dir, 'model-final', 'model.json'), '{}');
  copyPreprocessingBesideModels(dir);
  assert.equal(readFileSync(join(dir, 'model-final', 'preprocessing.json'), 'utf8'), readFileSync(join(dir, 'preprocessing.json'), 'utf8'));
  assert.equal(readPreprocessing(dir, join(dir, 'model-final')).file, join(dir, 'model-final', 'preprocessing.json'));
  assert.equal(readPreprocessing(dir, join(dir, 'model-best')).file, join(dir, 'preprocessing.json'));
});
