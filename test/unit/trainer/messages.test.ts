import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FitwatchError } from '../../../src/shared/location';
import { TRAINER_PROTOCOL_VERSION } from '../../../src/shared/protocol/trainer';
import { parseHostMessage } from '../../../src/trainer/messages';
import { makeSpec, SMALL_LAYERS } from './spec-fixture';

const start = {
  type: 'start',
  protocol: TRAINER_PROTOCOL_VERSION,
  spec: makeSpec(SMALL_LAYERS),
  workspaceRoot: '/ws',
  runDir: '/ws/.fitwatch/runs/x',
  runId: 'x',
  healthEvery: 5,
};

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof FitwatchError);
    return err.problem.message;
  }
  assert.fail('expected a FitwatchError');
}

test('a valid start message passes with its overrides', () => {
  const msg = parseHostMessage({ ...start, backend: 'cpu', engine: 'tfjs', specFile: '/ws/a.fitwatch.json' });
  assert.equal(msg.type, 'start');
  assert.ok(msg.type === 'start' && msg.backend === 'cpu' && msg.engine === 'tfjs' && msg.healthEvery === 5);
});

test('a protocol version mismatch is refused with both versions named', () => {
  assert.match(
    problemOf(() => parseHostMessage({ ...start, protocol: 99 })),
    new RegExp(`host speaks 99, this trainer speaks ${TRAINER_PROTOCOL_VERSION}\\.`),
  );
});

test('malformed messages are refused with what is wrong', () => {
  assert.match(
    problemOf(() => parseHostMessage('hello')),
    /unreadable message/,
  );
  assert.match(
    problemOf(() => parseHostMessage({ type: 'fly' })),
    /unknown message type "fly"/,
  );
  assert.match(
    problemOf(() => parseHostMessage({ ...start, runDir: '' })),
    /"runDir" must be a non-empty string/,
  );
  assert.match(
    problemOf(() => parseHostMessage({ ...start, spec: { ...start.spec, model: {} } })),
    /spec\.model\.layers must be an array/,
  );
  assert.match(
    problemOf(() => parseHostMessage({ ...start, backend: 'gpu' })),
    /unknown backend "gpu"/,
  );
  assert.match(
    problemOf(() => parseHostMessage({ type: 'setLearningRate', learningRate: -1 })),
    /positive number, got -1/,
  );
  assert.deepEqual(parseHostMessage({ type: 'setLearningRate', learningRate: 0.001 }), { type: 'setLearningRate', learningRate: 0.001 });
  assert.deepEqual(parseHostMessage({ type: 'stop' }), { type: 'stop' });
});

test('a start message may ask for the Keras engine and name its Python', () => {
  const msg = parseHostMessage({ ...start, engine: 'keras', python: '/ws/.venv/bin/python' });
  assert.ok(msg.type === 'start' && msg.engine === 'keras' && msg.python === '/ws/.venv/bin/python');
  assert.match(
    problemOf(() => parseHostMessage({ ...start, python: 3 })),
    /python/,
  );
});
