import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WindowInterruptions, windowInterruptionText, WINDOW_INTERRUPTIONS_KEY } from '../../../src/host/training/window-interruptions';

class Memento {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  async update(key: string, value: unknown): Promise<void> {
    await new Promise((ok) => setTimeout(ok, 1));
    this.data.set(key, value);
  }
}

function session(runId: string, epochs = 0, totalEpochs = 100) {
  const listeners: (() => void)[] = [];
  return {
    target: { runId },
    run: { info: { epochs, totalEpochs } },
    onDidEnd(l: () => void) {
      listeners.push(l);
      return { dispose: () => undefined };
    },
    end: () => listeners.forEach((l) => l()),
  };
}

test('a run that ends on its own leaves no record; one live at shutdown is left with its epoch', async () => {
  const m = new Memento();
  const w = new WindowInterruptions(m);
  const done = session('done');
  const live = session('live');
  w.follow(done);
  w.follow(live);
  done.end();
  live.run.info.epochs = 412;
  await w.record([{ runId: 'live', epochs: 412, totalEpochs: 100000 }]);
  // The stop at shutdown ends the live run: that is the window going away, not the run finishing.
  live.end();
  await new Promise((ok) => setTimeout(ok, 20));
  assert.deepEqual(
    w.all().map((r) => [r.runId, r.epochs, r.totalEpochs]),
    [['live', 412, 100000]],
  );
  const text = windowInterruptionText(w.find('live')!, 400);
  assert.match(text, /reloaded or closed .* after 412 of 100000 epochs/);
});

test('a run on the list when the shutdown never ran (a killed extension host) is still found, with the epochs on disk', async () => {
  const m = new Memento();
  const w = new WindowInterruptions(m);
  w.follow(session('crash', 0, 300));
  await new Promise((ok) => setTimeout(ok, 20));
  const after = new WindowInterruptions(m);
  const r = after.find('crash');
  assert.ok(r);
  assert.match(windowInterruptionText(r, 123), /after 123 of 300 epochs/);
  await after.forget('crash');
  assert.equal(after.find('crash'), undefined);
});

test('malformed memento contents are ignored', () => {
  const m = new Memento();
  m.data.set(WINDOW_INTERRUPTIONS_KEY, [{ runId: 1 }, 'x', { runId: 'ok', epochs: 1, totalEpochs: 2, at: 'now' }]);
  assert.deepEqual(
    new WindowInterruptions(m).all().map((r) => r.runId),
    ['ok'],
  );
});
