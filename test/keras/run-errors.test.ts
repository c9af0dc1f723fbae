import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { neutralCoachContext } from '../../src/keras/coach';
import { preflightPython, startKerasScript } from '../../src/keras/live-runner-node';
import { readRun } from '../../src/runs/read';
import { PYTHON_ENV, REPO, requirePython } from './python-env';

// The bad-input cases of `fitwatch run`. None of these scripts imports Keras, so they cost
// a Python start each, not a TensorFlow import.

interface Result {
  status: number | null;
  lines: { type: string; problem?: { code: string; message: string; fix?: string; location?: { file: string; line?: number } } }[];
  stderr: string;
}

function run(dir: string, args: string[], env: NodeJS.ProcessEnv = PYTHON_ENV): Result {
  const r = spawnSync(process.execPath, [join(REPO, 'dist/cli.js'), 'run', ...args, '--json'], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  const lines = r.stdout.trim()
    ? r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Result['lines'][number])
    : [];
  return { status: r.status, lines, stderr: r.stderr };
}

function errorOf(r: Result): NonNullable<Result['lines'][number]['problem']> {
  const e = r.lines.find((l) => l.type === 'error')?.problem;
  assert.ok(e, `an error line; got ${JSON.stringify(r.lines)} ${r.stderr}`);
  return e;
}

function withDir(body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-run-bad-'));
  try {
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('no Python at the given path: exit 2 and a message naming it and the ways to choose one', () =>
  withDir((dir) => {
    writeFileSync(join(dir, 'train.py'), 'print(1)\n');
    const r = run(dir, ['train.py', '--python', join(dir, 'no-such-python')]);
    assert.equal(r.status, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'keras-run/no-python');
    assert.match(e.message, /no-such-python/);
    assert.match(e.fix ?? '', /--python.*FITWATCH_PYTHON.*fitwatch\.pythonPath/);
  }));

test('a Python without Keras: exit 2, the interpreter named, and the pip command for it', () =>
  withDir((dir) => {
    writeFileSync(join(dir, 'train.py'), 'import keras\n');
    // The system interpreter without its site-packages: a Python 3 that has no Keras.
    const bare = join(dir, 'bare-python');
    writeFileSync(bare, '#!/bin/sh\nexec python3 -S "$@"\n');
    chmodSync(bare, 0o755);
    const r = run(dir, ['train.py', '--python', bare]);
    assert.equal(r.status, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'keras-run/no-keras');
    assert.match(e.message, /bare-python/);
    assert.match(e.fix ?? '', /-m pip install keras tensorflow/);
  }));

test('a script that fails before fit: exit 2 with the exception and the file:line of the raise', () =>
  withDir((dir) => {
    writeFileSync(join(dir, 'train.py'), 'import json\n\n\ndef load():\n    raise FileNotFoundError("data.csv is missing")\n\n\nX = load()\n');
    const r = run(dir, ['train.py', '--python', requirePython()]);
    assert.equal(r.status, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'keras-run/failed-before-fit');
    assert.match(e.message, /FileNotFoundError: data\.csv is missing/);
    assert.equal(e.location?.file, 'train.py');
    assert.equal(e.location?.line, 5);
    assert.deepEqual(
      r.lines.filter((l) => l.type === 'fitBegin'),
      [],
    );
  }));

test("a script that never calls fit: exit 2, and the script saw the user's environment (PYTHONPATH, sitecustomize) untouched", () =>
  withDir((dir) => {
    // The user's own sitecustomize, on their PYTHONPATH: Fitwatch's hook must run it too.
    const userSite = join(dir, 'usersite');
    mkdirSync(userSite);
    writeFileSync(join(userSite, 'sitecustomize.py'), 'import builtins\nbuiltins.USER_SITECUSTOMIZE_RAN = True\n');
    writeFileSync(
      join(dir, 'train.py'),
      [
        'import builtins, json, os, sys',
        'json.dump({',
        '    "pythonpath": os.environ.get("PYTHONPATH"),',
        '    "fitwatchVars": sorted(k for k in os.environ if k.startswith("FITWATCH_")),',
        '    "hookOnPath": any(os.path.exists(os.path.join(p or ".", "fitwatch_keras")) for p in sys.path),',
        '    "userSitecustomize": getattr(builtins, "USER_SITECUSTOMIZE_RAN", False),',
        '}, open("env.json", "w"))',
        '',
      ].join('\n'),
    );
    const r = run(dir, ['train.py', '--python', requirePython()], { ...PYTHON_ENV, PYTHONPATH: userSite });
    assert.equal(r.status, 2);
    const e = errorOf(r);
    assert.equal(e.code, 'keras-run/no-fit');
    assert.match(e.message, /without calling model\.fit/);
    const seen = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(seen, { pythonpath: userSite, fitwatchVars: [], hookOnPath: false, userSitecustomize: true });
  }));

test("the Keras 2 code path (tf_keras, fit_generator, callbacks in a variable) records its epochs and keeps the user's callbacks", () =>
  withDir((dir) => {
    writeFileSync(join(dir, 'train.py'), readFileSync(join(REPO, 'test/keras/scripts/keras2_train.py')));
    // The stand-in Keras 2 package is on the user's PYTHONPATH, as an installed tf_keras would be in site-packages.
    const r = run(dir, ['train.py', '--python', requirePython()], { ...PYTHON_ENV, PYTHONPATH: join(REPO, 'test/keras/scripts/fake_keras2') });
    assert.equal(r.status, 0, `${r.stderr}\n${JSON.stringify(r.lines)}`);
    const begin = r.lines.find((l) => l.type === 'fitBegin') as { keras?: string; dir?: string } | undefined;
    assert.match(begin?.keras ?? '', /^Keras 2\.15\.0/);
    const epochs = r.lines.filter((l) => l.type === 'epoch') as { logs?: Record<string, number> }[];
    assert.equal(epochs.length, 3);
    assert.ok(Math.abs((epochs[0].logs?.learning_rate ?? 0) - 0.01) < 1e-12, 'the learning rate is read from the Keras 2 optimizer');
    const printed = r.lines
      .filter((l) => l.type === 'output')
      .map((l) => (l as { text?: string }).text)
      .join('');
    assert.match(printed, /USER-CALLBACK-CALLED/);
    const csv = readFileSync(join(dir, begin?.dir ?? '', 'metrics.csv'), 'utf8');
    assert.equal(csv.split('\n')[0], 'epoch,acc,learning_rate,loss,val_loss');
  }));

test('Stop escalates: a fit that ignores stop_training gets SIGINT after the grace time, and the run is saved as stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-run-stuck-'));
  try {
    const script = join(dir, 'train.py');
    writeFileSync(script, 'import tf_keras as keras\nm = keras.Sequential()\nm.compile(optimizer="adam")\nm.fit(None, None, epochs=100000)\n');
    const python = requirePython();
    const env = { ...PYTHON_ENV, PYTHONPATH: join(REPO, 'test/keras/scripts/fake_keras2'), FAKE_IGNORE_STOP: '1' };
    const info = await preflightPython(python, env, dir);
    let epochs = 0;
    let started: () => void = () => undefined;
    const twoEpochs = new Promise<void>((resolve) => (started = resolve));
    const run = startKerasScript({
      script,
      python,
      pythonInfo: info,
      workspaceRoot: dir,
      env,
      stdout: 'pipe',
      stopGraceMs: 500,
      specFor: () => neutralCoachContext([], 1, '').spec,
      listener: {
        epoch: () => {
          if (++epochs === 2) started();
        },
      },
    });
    await twoEpochs;
    const t0 = Date.now();
    run.stop();
    const result = await run.done;
    assert.ok(Date.now() - t0 < 10_000, 'ended within the grace times');
    assert.equal(result.stopped, true);
    assert.ok(result.signal === 'SIGINT' || result.exitCode === 130, `ended by the SIGINT step (${result.signal ?? result.exitCode})`);
    assert.match(result.stderrTail, /KeyboardInterrupt/);
    assert.equal(result.problem, undefined);
    assert.equal(result.runs.length, 1);
    assert.equal(readRun(result.runs[0].dir).info.status, 'stopped');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a run folder that cannot be written is reported, and the script trains on to its end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-run-unwritable-'));
  try {
    // `.fitwatch` is a file: no run folder can be made under it.
    writeFileSync(join(dir, '.fitwatch'), 'not a folder\n');
    const script = join(dir, 'train.py');
    // Speaks the channel protocol itself (no Keras import): a fit begins, trains two epochs, ends.
    writeFileSync(
      script,
      [
        'import json, os',
        'ch = os.fdopen(3, "w")',
        'def send(m):',
        '    ch.write(json.dumps(m) + "\\n"); ch.flush()',
        'send({"type": "fitBegin", "index": 1, "runId": "x", "epochs": 2, "verbose": 0, "validationSplit": 0, "keras": "Keras 3"})',
        'for e in (1, 2):',
        '    send({"type": "epoch", "index": 1, "epoch": e, "logs": {"loss": 1.0 / e}, "durationMs": 1})',
        'send({"type": "fitEnd", "index": 1, "epochs": 2, "reason": "completed"})',
        'print("SCRIPT-REACHED-ITS-END", flush=True)',
        '',
      ].join('\n'),
    );
    const python = requirePython();
    const info = await preflightPython(python, PYTHON_ENV, dir);
    let stderr = '';
    let stdout = '';
    const run = startKerasScript({
      script,
      python,
      pythonInfo: info,
      workspaceRoot: dir,
      env: PYTHON_ENV,
      stdout: 'pipe',
      specFor: () => neutralCoachContext([], 1, '').spec,
      listener: { output: (stream, text) => (stream === 'stderr' ? (stderr += text) : (stdout += text)) },
    });
    const result = await run.done;
    assert.equal(result.exitCode, 0, stderr);
    assert.match(stdout, /SCRIPT-REACHED-ITS-END/);
    assert.match(stderr, /fitwatch: could not record fitBegin of fit 1: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
