import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadDataset } from '../../../src/data/load-dataset';
import { sniffDelimiter } from '../../../src/data/delimiter';
import { parseDecimal } from '../../../src/data/parse-decimal';
import { parseSpec } from '../../../src/shared/spec';
import { load, loadProblem, row, workspace } from './helpers';

const EURO = 'a;b;label\n1,5;2,25;0\n-0,5;3;1\n2;1,75;0\n';

test('decimal commas without data.decimal get "this looks like decimal commas", not one-hot advice', async () => {
  const root = await workspace({ 'euro.csv': EURO, 'bare.csv': '1,5;2,3;0\n2,5;1,1;1\n' });
  for (const file of ['euro.csv', 'bare.csv']) {
    const p = await loadProblem(root, file);
    assert.equal(p.code, 'data/decimal-comma', file);
    assert.match(p.message, /holds "1,5": this looks like decimal commas/);
    assert.match(p.fix ?? '', /Use a dot as the decimal mark.*"decimal": ","/);
    assert.doesNotMatch(`${p.message} ${p.fix}`, /one-hot/);
    assert.equal(p.location?.column, 1);
  }
  // A regression label with a decimal comma says the same.
  const reg = await workspace({ 'r.csv': 'a;y\n1;0,5\n2;1,5\n' });
  const p = await loadProblem(reg, 'r.csv', { loss: 'meanSquaredError' });
  assert.equal(p.code, 'data/decimal-comma');
});

test('data.decimal "," reads European CSV: semicolon fields, comma decimals, header detection intact', async () => {
  const root = await workspace({ 'euro.csv': EURO, 'quoted.csv': 'a;label\n"1,5";0\n"2,5";1\n', 'reg.csv': 'a;y\n1;0,5\n2;1,5\n' });
  const d = await load(root, 'euro.csv', { data: { decimal: ',' } });
  assert.deepEqual(d.summary.featureNames, ['a', 'b']);
  assert.deepEqual(row(d.x, 2, 0), [1.5, 2.25]);
  assert.deepEqual(row(d.x, 2, 1), [-0.5, 3]);
  assert.equal(d.layout?.delimiter, ';');
  assert.equal(d.layout?.decimal, ',');
  assert.deepEqual(row((await load(root, 'quoted.csv', { data: { decimal: ',' } })).x, 1, 1), [2.5]);
  assert.deepEqual(Array.from((await load(root, 'reg.csv', { data: { decimal: ',' }, loss: 'meanSquaredError' })).y), [0.5, 1.5]);
  // Headerless too: the first row "1,5;…" is data, not a header.
  const bare = await workspace({ 'b.csv': '1,5;2,3;0\n2,5;1,1;1\n' });
  const b = await load(bare, 'b.csv', { data: { decimal: ',' } });
  assert.equal(b.rows, 2);
  assert.deepEqual(row(b.x, 2, 0), [1.5, 2.299999952316284]);
});

test('with data.decimal "," a dot is a thousands mark, not a decimal: the cell is refused', async () => {
  const root = await workspace({ 't.csv': 'a;label\n1.234,5;0\n2;1\n' });
  const p = await loadProblem(root, 't.csv', { data: { decimal: ',' } });
  assert.equal(p.code, 'data/non-numeric');
});

test('the sniffer never splits on the decimal comma', () => {
  assert.equal(sniffDelimiter('1,5;2,3;0\n2,5;1,1;1\n', '.csv'), ';');
  assert.equal(sniffDelimiter('1,5;2,3;0\n2,5;1,1;1\n', '.csv', ','), ';');
  assert.equal(sniffDelimiter('1,5\t2,3\n2,5\t1,1\n', '.csv', ','), '\t');
  assert.equal(sniffDelimiter('1,5 2,3\n2,5 1,1\n', '.txt', ','), 'whitespace');
  // Plain CSV stays comma-separated.
  assert.equal(sniffDelimiter('a,b,label\n1.5,2,0\n', '.csv'), ',');
  assert.equal(sniffDelimiter('1,2,0\n3,4,1\n', '.csv'), ',');
});

test('parseDecimal with a comma mark', () => {
  const t = '1,5|-0,25|12|1.5|3,1e2';
  assert.equal(parseDecimal(t, 0, 3, 44), 1.5);
  assert.equal(parseDecimal(t, 4, 9, 44), -0.25);
  assert.equal(parseDecimal(t, 10, 12, 44), 12);
  assert.ok(Number.isNaN(parseDecimal(t, 13, 16, 44)));
  assert.equal(parseDecimal(t, 17, 22, 44), 310);
});

test('the spec accepts data.decimal "." and ",", rejects anything else; ".." in data.path parses', () => {
  const spec = (data: string): string =>
    `{ "data": ${data}, "model": { "layers": [{ "type": "dense", "units": 1, "activation": "sigmoid" }] }, "compile": { "loss": "binaryCrossentropy" } }`;
  const r = parseSpec(spec('{ "path": "../data/euro.csv", "decimal": "," }'), 'specs/s.fitwatch.json');
  assert.deepEqual(r.problems, []);
  assert.equal(r.spec?.data.kind === 'file' && r.spec.data.decimal, ',');
  assert.equal(r.spec?.data.kind === 'file' && r.spec.data.path, '../data/euro.csv');
  const bad = parseSpec(spec('{ "path": "a.csv", "decimal": ";" }'), 's.fitwatch.json');
  assert.equal(bad.spec, undefined);
  assert.match(bad.problems[0]?.message ?? '', /decimal/);
});

test('".." in data.path that stays inside the workspace loads; one that leaves it is refused as outside', async () => {
  const root = await workspace({ 'data/d.csv': 'a,label\n1,0\n2,1\n', 'specs/x.txt': '' });
  const d = await loadDataset(
    { kind: 'file', path: '../data/d.csv', labelColumn: -1, header: 'auto', normalize: 'none' },
    { workspaceRoot: root, baseDir: join(root, 'specs'), loss: 'binaryCrossentropy', validationSplit: 0 },
  );
  assert.equal(d.summary.source, 'data/d.csv');
  await assert.rejects(
    loadDataset(
      { kind: 'file', path: '../../d.csv', labelColumn: -1, header: 'auto', normalize: 'none' },
      { workspaceRoot: root, baseDir: join(root, 'specs'), loss: 'binaryCrossentropy', validationSplit: 0 },
    ),
    /outside the workspace/,
  );
});
