import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CsvTokenizer, type Delimiter } from '../../../src/data/csv-tokenizer';
import { FitwatchError } from '../../../src/shared/location';

function tokenize(text: string, delimiter: Delimiter = ',', chunk = text.length): { cells: string[]; line: number }[] {
  const rows: { cells: string[]; line: number }[] = [];
  const t = new CsvTokenizer(delimiter, 'f.csv', (r) => rows.push({ cells: r.toArray(), line: r.line }));
  for (let i = 0; i < text.length; i += Math.max(chunk, 1)) t.push(text.slice(i, i + chunk));
  t.end();
  return rows;
}

test('plain rows, CRLF, a missing final newline and blank lines', () => {
  const rows = tokenize('a,b\r\n1,2\n\n  \n3,4');
  assert.deepEqual(rows, [
    { cells: ['a', 'b'], line: 1 },
    { cells: ['1', '2'], line: 2 },
    { cells: ['3', '4'], line: 5 },
  ]);
});

test('RFC 4180 quoted fields: delimiters, doubled quotes, newlines inside quotes, empty fields', () => {
  const text = '"x, y","say ""hi""",3\n"multi\nline",,""\nlast,"",z\n';
  const expected = [
    { cells: ['x, y', 'say "hi"', '3'], line: 1 },
    { cells: ['multi\nline', '', ''], line: 2 },
    { cells: ['last', '', 'z'], line: 4 },
  ];
  assert.deepEqual(tokenize(text), expected);
});

test('every chunk boundary gives the same rows (quotes, CRLF and "" split across chunks)', () => {
  const text = 'h1,"h,2"\r\n"a""b",1\r\n"x\r\ny",2\r\n3,"4"\r\n';
  const whole = tokenize(text);
  assert.equal(whole.length, 4);
  for (let chunk = 1; chunk < text.length; chunk++) assert.deepEqual(tokenize(text, ',', chunk), whole, `chunk size ${chunk}`);
});

test('whitespace delimiter collapses runs of spaces and tabs and trims the ends', () => {
  assert.deepEqual(tokenize('  1.0   2.0\t3\n4 5  6  \n', 'whitespace'), [
    { cells: ['1.0', '2.0', '3'], line: 1 },
    { cells: ['4', '5', '6'], line: 2 },
  ]);
  assert.deepEqual(tokenize('"a b" c\n', 'whitespace'), [{ cells: ['a b', 'c'], line: 1 }]);
});

test('tab and semicolon delimiters', () => {
  assert.deepEqual(tokenize('1\t2,5\n', '\t')[0].cells, ['1', '2,5']);
  assert.deepEqual(tokenize('1;2,5\n', ';')[0].cells, ['1', '2,5']);
});

test('an unclosed quote is an error naming the line and column where it starts', () => {
  assert.throws(
    () => tokenize('a,b\n1,"oops\n2,3\n'),
    (err: unknown) => err instanceof FitwatchError && err.problem.location?.line === 2 && err.problem.location.column === 2 && /never closed/.test(err.message),
  );
});

test('text after a closing quote is an error', () => {
  assert.throws(
    () => tokenize('a,b\n"x"y,2\n'),
    (err: unknown) =>
      err instanceof FitwatchError && err.problem.code === 'data/text-after-quote' && err.problem.location?.line === 2 && err.problem.location.column === 1,
  );
});

test('numbers are read in place exactly as Number() reads them', () => {
  const values = ['0', '-0', '1.5', '-2.25', '.5', '1.', '00012', '1e3', '-1.5E-7', ' 7 ', '0.1234567890123456789', '123456789012345678', 'abc', '', '+3'];
  const nums: number[] = [];
  const t = new CsvTokenizer(',', 'f.csv', (r) => {
    for (let i = 0; i < r.count; i++) nums.push(r.num(i));
  });
  t.push(values.join(',') + '\n');
  t.end();
  assert.deepEqual(
    nums,
    values.map((v) => Number(v)),
  );
});
