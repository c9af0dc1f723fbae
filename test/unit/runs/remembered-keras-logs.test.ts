import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_REMEMBERED_KERAS_LOGS, REMEMBERED_KERAS_LOGS_KEY, RememberedKerasLogs, type KeyValueStore } from '../../../src/runs/remembered-keras-logs';

function memory(initial: Record<string, unknown> = {}): KeyValueStore & { data: Record<string, unknown> } {
  const data = { ...initial };
  return {
    data,
    get: <T>(key: string) => data[key] as T | undefined,
    update: async (key: string, value: unknown) => {
      data[key] = value;
    },
  };
}

test('remembers log files newest first, refreshes a repeat, and finds them by run id', async () => {
  const store = memory();
  const logs = new RememberedKerasLogs(store);
  await logs.remember({ runId: 'keras-a', log: '/w/a.log' });
  await logs.remember({ runId: 'keras-b', log: '/w/b.csv', script: '/w/train.py' });
  await logs.remember({ runId: 'keras-a', log: '/w/a.log', script: undefined });
  assert.deepEqual(
    logs.all().map((r) => r.runId),
    ['keras-a', 'keras-b'],
  );
  assert.deepEqual(logs.find('keras-b'), { runId: 'keras-b', log: '/w/b.csv', script: '/w/train.py' });
  assert.deepEqual(logs.find('keras-a'), { runId: 'keras-a', log: '/w/a.log' }, 'no undefined field stored');
  assert.equal(logs.find('keras-zzz'), undefined);
});

test('keeps at most the newest 20, and forgets on request', async () => {
  const store = memory();
  const logs = new RememberedKerasLogs(store);
  for (let i = 0; i < MAX_REMEMBERED_KERAS_LOGS + 5; i++) await logs.remember({ runId: `keras-${i}`, log: `/w/${i}.log` });
  assert.equal(logs.all().length, MAX_REMEMBERED_KERAS_LOGS);
  assert.equal(logs.all()[0].runId, `keras-${MAX_REMEMBERED_KERAS_LOGS + 4}`);
  await logs.forget(`keras-${MAX_REMEMBERED_KERAS_LOGS + 4}`);
  assert.equal(logs.find(`keras-${MAX_REMEMBERED_KERAS_LOGS + 4}`), undefined);
  assert.equal(logs.all().length, MAX_REMEMBERED_KERAS_LOGS - 1);
});

test('a malformed store value (another version, a hand edit) reads as nothing or skips the bad rows', () => {
  assert.deepEqual(new RememberedKerasLogs(memory({ [REMEMBERED_KERAS_LOGS_KEY]: 'oops' })).all(), []);
  const mixed = new RememberedKerasLogs(
    memory({ [REMEMBERED_KERAS_LOGS_KEY]: [{ runId: 'keras-a', log: '/a' }, { runId: 3 }, null, { runId: 'keras-b', log: '/b', script: 7 }] }),
  );
  assert.deepEqual(mixed.all(), [{ runId: 'keras-a', log: '/a' }]);
});
