import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem } from '../../../src/shared/location';
import { cliArgs } from '../../../src/host/training/task-provider-args';

interface Matcher {
  name: string;
  pattern: { regexp: string; file: number; line: number; column: number; code: number; severity: number; message: number };
}
const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { problemMatchers: Matcher[] } };
const matcher = pkg.contributes.problemMatchers.find((m) => m.name === 'fitwatch');

test('the $fitwatch problem matcher reads the lines the CLI prints for spec problems', () => {
  assert.ok(matcher, 'package.json contributes the fitwatch problem matcher');
  const re = new RegExp(matcher.pattern.regexp);
  const line = formatProblem({
    severity: 'error',
    code: 'spec/unknown-field',
    message: "Unknown field 'learning_rate' in compile.optimizer (the Adam optimizer).",
    fix: "Rename it to 'learningRate'.",
    location: { file: 'specs/s.fitwatch.json', line: 6, column: 36, jsonPath: ['compile', 'optimizer', 'learning_rate'] },
  });
  const m = re.exec(line);
  assert.ok(m, line);
  assert.equal(m[matcher.pattern.file], 'specs/s.fitwatch.json');
  assert.equal(m[matcher.pattern.line], '6');
  assert.equal(m[matcher.pattern.column], '36');
  assert.equal(m[matcher.pattern.code], 'compile.optimizer.learning_rate');
  assert.equal(m[matcher.pattern.severity], 'error');
  assert.match(m[matcher.pattern.message], /^Unknown field 'learning_rate'.*Rename it to 'learningRate'\.$/);
  const warning = re.exec(
    formatProblem({ severity: 'warning', code: 'x', message: 'Column 3 is constant.', location: { file: 'data.csv', line: 1, column: 5 } }),
  );
  assert.equal(warning?.[matcher.pattern.severity], 'warning');
  assert.equal(re.exec('Epoch 83/1000 - 0s - loss: 0.2036 - acc: 0.9146'), null, 'epoch lines are not problems');
});

test('a fitwatch task definition becomes the CLI arguments', () => {
  assert.deepEqual(cliArgs({ type: 'fitwatch', spec: 'a.fitwatch.json' }), ['train', 'a.fitwatch.json']);
  assert.deepEqual(cliArgs({ type: 'fitwatch', spec: 'a.fitwatch.json', epochs: 5, backend: 'wasm', engine: 'tfjs', fix: true }), [
    'train',
    'a.fitwatch.json',
    '--epochs',
    '5',
    '--backend',
    'wasm',
    '--engine',
    'tfjs',
    '--fix',
  ]);
  assert.deepEqual(cliArgs({ type: 'fitwatch', spec: 'a.fitwatch.json', engine: 'keras', python: '.venv/bin/python' }), [
    'train',
    'a.fitwatch.json',
    '--engine',
    'keras',
    '--python',
    '.venv/bin/python',
  ]);
  assert.deepEqual(cliArgs({ type: 'fitwatch', spec: 'a.fitwatch.json', threads: 2 }), ['train', 'a.fitwatch.json', '--threads', '2']);
});
