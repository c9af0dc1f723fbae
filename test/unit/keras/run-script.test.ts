import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunArgs } from '../../../src/cli/run-args';
import { scriptEndProblem } from '../../../src/keras/run-problems';
import { fitRunId, parseScriptMessage } from '../../../src/keras/run-protocol';
import { parseTraceback, userFrame } from '../../../src/keras/traceback';

test('channel lines parse into typed messages; NaN and Infinity come back as numbers; junk is skipped', () => {
  const epoch = parseScriptMessage('{"type":"epoch","index":1,"epoch":3,"logs":{"loss":"nan","val_loss":"inf","acc":0.5},"durationMs":12}');
  assert.ok(epoch && epoch.type === 'epoch');
  assert.ok(Number.isNaN(epoch.logs.loss));
  assert.equal(epoch.logs.val_loss, Infinity);
  assert.equal(parseScriptMessage('not json'), undefined);
  assert.equal(parseScriptMessage('{"type":"epoch","index":0,"epoch":1,"logs":{}}'), undefined);
  assert.equal(parseScriptMessage('{"type":"fitEnd","index":1,"epochs":2,"reason":"exploded"}'), undefined);
  const begin = parseScriptMessage(
    '{"type":"fitBegin","index":2,"runId":"r-fit2","epochs":5,"verbose":0,"validationSplit":0.2,"keras":"Keras 3","call":{"file":"/w/t.py","line":9}}',
  );
  assert.ok(begin && begin.type === 'fitBegin');
  assert.deepEqual(begin.call, { file: '/w/t.py', line: 9 });
  assert.equal(fitRunId('r', 1), 'r');
  assert.equal(fitRunId('r', 2), 'r-fit2');
});

const TRACEBACK = `Epoch 1/3
Traceback (most recent call last):
  File "/work/train.py", line 12, in <module>
    model.fit(x, y)
  File "/venv/lib/python3.11/site-packages/keras/src/utils/traceback_utils.py", line 122, in error_handler
    raise e.with_traceback(filtered_tb) from None
  File "/work/data.py", line 4, in load
    return np.load(path)
ValueError: Input 0 of layer "dense" is incompatible with the layer
`;

test("a traceback points at the user's own innermost frame, not Keras internals", () => {
  const tb = parseTraceback(TRACEBACK);
  assert.ok(tb);
  assert.equal(tb.type, 'ValueError');
  assert.equal(tb.frames.length, 3);
  assert.deepEqual(userFrame(tb, '/work/train.py'), { file: '/work/train.py', line: 12, func: '<module>' });
  assert.deepEqual(userFrame(tb, '/elsewhere.py'), { file: '/work/data.py', line: 4, func: 'load' });
});

test('the end of a script becomes the right problem', () => {
  const base = { script: 'train.py', python: 'python3', executable: '/usr/bin/python3', exitCode: 1, signal: null, stopped: false };
  const missing = scriptEndProblem({
    ...base,
    fits: 0,
    stderr: 'Traceback (most recent call last):\n  File "/w/train.py", line 1, in <module>\nModuleNotFoundError: No module named \'tensorflow\'\n',
  });
  assert.equal(missing?.code, 'keras-run/no-keras');
  assert.match(missing?.fix ?? '', /\/usr\/bin\/python3 -m pip install keras tensorflow/);
  const gen = scriptEndProblem({ ...base, exitCode: 0, fits: 0, stderr: '', usesFitGenerator: true });
  assert.equal(gen?.code, 'keras-run/no-fit');
  assert.match(gen?.fix ?? '', /fit_generator.*Keras 3/);
  assert.equal(scriptEndProblem({ ...base, exitCode: 0, fits: 2, stderr: '' }), undefined);
  assert.equal(scriptEndProblem({ ...base, exitCode: null, signal: 'SIGINT', fits: 1, stopped: true, stderr: '' }), undefined);
  const during = scriptEndProblem({ ...base, fits: 1, stderr: TRACEBACK });
  assert.equal(during?.code, 'keras-run/script-failed');
  assert.match(during?.message ?? '', /after model\.fit started: ValueError/);
});

test("run's arguments: Fitwatch's options around the script, the script's own after --", () => {
  assert.deepEqual(parseRunArgs(['train.py', '--python', '.venv/bin/python', '--json', '--', '--epochs', '3']), {
    command: 'run',
    script: 'train.py',
    scriptArgs: ['--epochs', '3'],
    json: true,
    python: '.venv/bin/python',
  });
  assert.deepEqual(parseRunArgs(['--json', 'train.py']).scriptArgs, []);
  assert.throws(() => parseRunArgs(['train.py', '--epochs', '3']), /after --: fitwatch run train\.py -- --epochs 3/);
  assert.throws(() => parseRunArgs([]), /needs a Python script/);
  assert.throws(() => parseRunArgs(['train.py', '--python']), /--python needs a value/);
});
