import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { readRun } from '../../src/runs/read';
import { PYTHON_ENV, REPO, requirePython } from './python-env';

/** A JSON line of `fitwatch run --json`. */
interface Line {
  type: string;
  runId?: string;
  dir?: string;
  index?: number;
  epoch?: number;
  logs?: Record<string, number>;
  status?: string;
  command?: string;
  ok?: boolean;
  event?: { kind: string; data?: Record<string, number> };
  stream?: string;
  text?: string;
  exitCode?: number;
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

test('fitwatch run records an unmodified seed-model script live, takes Reduce LR and Stop through the control channel, and leaves the script byte-identical', async () => {
  const cli = join(REPO, 'dist/cli.js');
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run node scripts/build.mjs first (npm run test:keras does)');
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-run-'));
  try {
    const script = join(dir, 'train.py');
    copyFileSync(join(REPO, 'test/keras/scripts/seed_train.py'), script);
    const before = sha256(script);
    const child = spawn(process.execPath, [cli, 'run', 'train.py', '--python', requirePython(), '--json', '--', '--first-epochs', '2'], {
      cwd: dir,
      env: PYTHON_ENV,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const lines: Line[] = [];
    const waiters: { until: (l: Line) => boolean; resolve: (l: Line) => void }[] = [];
    createInterface({ input: child.stdout }).on('line', (text) => {
      const line = JSON.parse(text) as Line;
      lines.push(line);
      for (const w of [...waiters]) {
        if (w.until(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const next = (until: (l: Line) => boolean, what: string): Promise<Line> => {
      const seen = lines.find(until);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out waiting for ${what}; stderr:\n${stderr}\nlines:\n${lines
                  .slice(-5)
                  .map((l) => JSON.stringify(l))
                  .join('\n')}`,
              ),
            ),
          240_000,
        );
        waiters.push({ until, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then(() => reject(new Error(`fitwatch run exited while waiting for ${what}; stderr:\n${stderr}`)));
      });
    };
    const epochsOf = (runId: string): Line[] => lines.filter((l) => l.type === 'epoch' && l.runId === runId);

    // Fit 1: a complete short run.
    const first = await next((l) => l.type === 'fitBegin' && l.index === 1, 'the first fit');
    const firstEnd = await next((l) => l.type === 'fitEnd' && l.runId === first.runId, 'the first fit to end');
    assert.equal(firstEnd.status, 'completed');

    // Fit 2: its epochs are on disk while it trains.
    const second = await next((l) => l.type === 'fitBegin' && l.index === 2, 'the second fit');
    const runDir = join(dir, second.dir ?? '');
    await next((l) => l.type === 'epoch' && l.runId === second.runId && l.epoch === 2, 'three epochs of the second fit');
    const live = readRun(runDir);
    assert.equal(live.info.status, 'running');
    assert.ok(live.history.length >= 3, `metrics.csv holds the epochs while training (${live.history.length})`);
    assert.match(readFileSync(join(runDir, 'metrics.csv'), 'utf8').split('\n')[0], /^epoch,acc,learning_rate,loss,val_acc,val_loss$/);

    // Reduce LR Now, through the control file in the run folder.
    appendFileSync(join(runDir, 'control.jsonl'), `${JSON.stringify({ command: 'setLr', value: 0.001 })}\n`);
    const reply = await next((l) => l.type === 'control' && l.command === 'setLr', 'the setLr reply');
    assert.equal(reply.ok, true, JSON.stringify(reply));
    const lrEvent = await next((l) => l.type === 'event' && l.event?.kind === 'lrSet', 'the lrSet event');
    const setAt = lines.indexOf(lrEvent);
    await next(
      (l) =>
        l.type === 'epoch' &&
        l.runId === second.runId &&
        lines.indexOf(l) > setAt + 1 &&
        epochsOf(second.runId ?? '').filter((e) => lines.indexOf(e) > setAt).length >= 2,
      'two epochs after the change',
    );
    const after = epochsOf(second.runId ?? '').filter((e) => lines.indexOf(e) > setAt);
    assert.ok(
      Math.abs((after[after.length - 1].logs?.learning_rate ?? 0) - 0.001) < 1e-6,
      `learning_rate after the change: ${JSON.stringify(after.map((e) => e.logs?.learning_rate))}`,
    );

    // Stop (Ctrl-C on the CLI): Keras stops after the batch, the run is saved, the script goes on after fit.
    child.kill('SIGINT');
    const code = await exited;
    assert.equal(code, 130, stderr);
    const stopped = readRun(runDir);
    assert.equal(stopped.info.status, 'stopped');
    assert.ok(stopped.history.length >= 5 && stopped.history.length < 1000, `${stopped.history.length} epochs`);
    assert.equal(stopped.info.epochs, stopped.history.length);
    assert.deepEqual(
      stopped.events.map((e) => e.kind).filter((k) => k === 'lrSet' || k === 'stopRequested'),
      ['lrSet', 'stopRequested'],
    );
    const printed = lines
      .filter((l) => l.type === 'output' && l.stream === 'stdout')
      .map((l) => l.text)
      .join('');
    assert.match(printed, new RegExp(`SCRIPT-CONTINUED-AFTER-FIT epochs=${stopped.history.length}\\b`));

    // Batch progress streams while an epoch is under way (40 batches of 200 per epoch here).
    const progress = lines.filter((l) => l.type === 'batch');
    assert.ok(progress.length > 0, 'batch progress lines');
    assert.ok(progress.every((l) => (l as { steps?: number }).steps === 40 && typeof l.logs?.loss === 'number'));

    // Two fits, two linked runs, each with the script as its source.
    const firstRun = readRun(join(dir, first.dir ?? ''));
    assert.equal(firstRun.history.length, 2);
    assert.equal(firstRun.info.source?.kind, 'keras-script');
    assert.equal(firstRun.info.source?.script, 'train.py');
    assert.equal(firstRun.info.source?.fitLine, 28, 'the line of the first model.fit');
    assert.equal(firstRun.info.source?.nextRunId, second.runId);
    assert.equal(stopped.info.source?.previousRunId, first.runId);
    assert.equal(stopped.info.source?.fitIndex, 2);
    assert.deepEqual(stopped.info.source?.args, ['--first-epochs', '2']);
    assert.equal(readFileSync(join(runDir, 'script.py'), 'utf8'), readFileSync(script, 'utf8'));

    assert.equal(sha256(script), before, 'the script is byte-identical');
    assert.deepEqual(lines[lines.length - 1].type, 'done');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
