import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, floatGroup, uintArray } from '../../../src/runs/checkpoint';
import { environmentProblem, isEnvironmentError } from '../../../src/runs/fs-problems';
import { interruptionReason, processAlive, withLiveness } from '../../../src/runs/liveness';
import { createRunFolder } from '../../../src/runs/run-folder';
import { FitwatchError } from '../../../src/shared/location';
import type { RunInfo } from '../../../src/shared/run';

const ws = (): string => mkdtempSync(join(tmpdir(), 'fw-folder-'));

test('run folders are created exclusively: the same millisecond gets -2, -3; ids stay readable', () => {
  const root = ws();
  const now = new Date(Date.UTC(2026, 11, 3, 8, 0, 0, 5));
  const a = createRunFolder(root, 'Seed: 64 → 16', now);
  const b = createRunFolder(root, 'Seed: 64 → 16', now);
  const c = createRunFolder(root, 'Seed: 64 → 16', now);
  assert.equal(a.id, '20261203-080000-005-seed-64-16');
  assert.equal(b.id, `${a.id}-2`);
  assert.equal(c.id, `${a.id}-3`);
  assert.deepEqual(readdirSync(join(root, '.fitwatch', 'runs')).sort(), [a.id, b.id, c.id]);
  assert.deepEqual(readdirSync(a.dir), []);
});

test('a .fitwatch or .fitwatch/runs that is a symbolic link is refused, naming the link', () => {
  const root = ws();
  symlinkSync(ws(), join(root, '.fitwatch'));
  assert.throws(
    () => createRunFolder(root, 'x'),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'runs/folder-is-link' && /\.fitwatch is a symbolic link/.test(e.problem.message),
  );
  const root2 = ws();
  mkdirSync(join(root2, '.fitwatch'));
  symlinkSync(ws(), join(root2, '.fitwatch', 'runs'));
  assert.throws(
    () => createRunFolder(root2, 'x'),
    (e: unknown) => e instanceof FitwatchError && e.problem.code === 'runs/folder-is-link',
  );
});

test('environment errors become problems with the path and a fix; other errors do not', () => {
  const err = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/w/.fitwatch/runs/r/metrics.csv' });
  assert.ok(isEnvironmentError(err));
  const p = environmentProblem(err, 'write the run folder');
  assert.equal(p?.code, 'env/enospc');
  assert.match(p?.message ?? '', /metrics\.csv.*disk is full \[ENOSPC\]/);
  assert.match(p?.fix ?? '', /Free some space/);
  for (const code of ['EACCES', 'EROFS', 'EMFILE']) assert.ok(environmentProblem(Object.assign(new Error(code), { code }), 'x'), code);
  assert.equal(environmentProblem(new TypeError('x is undefined'), 'x'), undefined);
});

test('liveness: a running run with a dead pid reads interrupted with the reason; a live one stays running', () => {
  const base: RunInfo = { id: 'r', status: 'running', startedAt: '', epochs: 3, totalEpochs: 10 };
  const live = { ...base, pid: process.pid, processStartMs: Math.round(performance.timeOrigin), hostPid: process.ppid };
  assert.equal(withLiveness(live).status, 'running');
  // A pid far above pid_max cannot exist.
  const dead = { ...base, pid: 2 ** 30, hostPid: process.pid };
  assert.equal(processAlive(2 ** 30), false);
  const r = withLiveness(dead);
  assert.equal(r.status, 'interrupted');
  assert.match(r.interruption ?? '', /died after 3 of 10 epochs while its host .* kept running/);
  assert.match(interruptionReason({ ...dead, hostPid: 2 ** 30 - 1 }) ?? '', /and its host .* are gone/);
  // Our own pid with another start time: the pid was reused, so the recorded trainer is dead.
  assert.equal(withLiveness({ ...live, processStartMs: live.processStartMs - 3_600_000 }).status, 'interrupted');
  // Old runs without a pid, and ended runs, are left alone.
  assert.equal(withLiveness(base).status, 'running');
  assert.equal(withLiveness({ ...dead, status: 'completed' }).status, 'completed');
});

test('a checkpoint encodes and decodes its meta and arrays exactly; a torn or foreign file is refused', () => {
  const weights = [new Float32Array([1.5, -2.25, 3e-8]), new Float32Array([0.125])];
  const order = new Uint32Array([2, 0, 1]);
  const buf = encodeCheckpoint({
    meta: {
      epochs: 7,
      engine: 'fast',
      parameters: 4,
      trainRows: 3,
      learningRate: 0.005,
      shuffleState: 42,
      engineScalars: [0.9, 0.999, 7],
      callbacks: { reduceLROnPlateau: { best: 0.2, wait: 1, cooldown: 0 } },
      timing: { epochMsTotal: 70 },
    },
    groups: { weights, optimizer: [], order: [order] },
  });
  const cp = decodeCheckpoint(buf, 'cp');
  assert.equal(cp.meta.epochs, 7);
  assert.deepEqual(cp.meta.callbacks.reduceLROnPlateau, { best: 0.2, wait: 1, cooldown: 0 });
  assert.deepEqual(floatGroup(cp, 'weights'), weights);
  assert.deepEqual(uintArray(cp, 'order'), order);
  assert.deepEqual(floatGroup(cp, 'optimizer'), []);
  assert.throws(() => decodeCheckpoint(buf.subarray(0, buf.length - 3), 'cp'), /truncated/);
  assert.throws(() => decodeCheckpoint(Buffer.from('{"not":"a checkpoint"}'), 'cp'), /FWCK/);
});
