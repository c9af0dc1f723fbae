import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { tailCsvLog } from '../../../src/keras/tail-node';
import type { EpochRecord } from '../../../src/shared/metrics';

/** Resolves when `cond()` holds, checked on every tail event; rejects after `ms` with `what`. */
function waitFor(events: EventTarget, cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond()) return resolve();
    const timeout = setTimeout(() => {
      events.removeEventListener('change', listener);
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    const listener = (): void => {
      if (!cond()) return;
      clearTimeout(timeout);
      events.removeEventListener('change', listener);
      resolve();
    };
    events.addEventListener('change', listener);
  });
}

test('a writer process appends epochs (one in two halves), truncates, and restarts the file: the tail sees each row once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fitwatch-tail-'));
  const file = join(dir, 'fitwatch-log.csv');
  const writer = spawn(process.execPath, [join(__dirname, '../../fixtures/keras/csv-writer.mjs'), file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const acks = createInterface({ input: writer.stdout! });
  const pending: (() => void)[] = [];
  acks.on('line', () => pending.shift()?.());
  const send = (cmd: object): Promise<void> =>
    new Promise((resolve) => {
      pending.push(resolve);
      writer.stdin!.write(`${JSON.stringify(cmd)}\n`);
    });

  const events = new EventTarget();
  const seen: EpochRecord[] = [];
  let resets = 0;
  let bytesRead = 0;
  const errors: unknown[] = [];
  const tail = tailCsvLog(
    file,
    (records) => {
      seen.push(...records);
      events.dispatchEvent(new Event('change'));
    },
    () => {
      resets++;
      seen.length = 0;
      events.dispatchEvent(new Event('change'));
    },
    {
      debounceMs: 10,
      onError: (e) => errors.push(e),
      onRead: (n) => {
        bytesRead = n;
        events.dispatchEvent(new Event('change'));
      },
    },
  );
  const size = (): number => statSync(file).size;
  try {
    await send({ op: 'create', text: 'epoch,accuracy,loss,val_accuracy,val_loss\n' });
    await send({ op: 'append', text: '0,0.70,0.55,0.72,0.53\n' });
    await waitFor(events, () => seen.length === 1, 'epoch 0');
    assert.deepEqual(seen[0], { epoch: 0, logs: { acc: 0.7, loss: 0.55, val_acc: 0.72, val_loss: 0.53 }, durationMs: 0 });

    // Half a row: read, but not reported until its newline lands.
    await send({ op: 'append', text: '1,0.80,0.4' });
    const halfAt = size();
    await waitFor(events, () => bytesRead === halfAt, 'the half row to be read');
    assert.equal(seen.length, 1);
    await send({ op: 'append', text: '5,0.79,0.46\n' });
    await waitFor(events, () => seen.length === 2, 'epoch 1');
    assert.deepEqual(seen[1].logs, { acc: 0.8, loss: 0.45, val_acc: 0.79, val_loss: 0.46 });

    await send({ op: 'append', text: '2,0.85,0.40,0.81,0.44\n3,0.86,0.38,0.82,0.43\n' });
    await waitFor(events, () => seen.length === 4, 'epochs 2 and 3');

    // Truncation (CSVLogger(append=False) when the script is run again): start over with the new header.
    await send({ op: 'truncate' });
    await waitFor(events, () => resets === 1, 'the reset after truncation');
    await send({ op: 'append', text: 'epoch,loss,val_loss\n0,0.69,0.70\n' });
    await waitFor(events, () => seen.length === 1 && seen[0].logs.loss === 0.69, 'epoch 0 of the second run');
    assert.deepEqual(seen[0].logs, { loss: 0.69, val_loss: 0.7 });

    // Restart: the file is deleted and created again.
    await send({ op: 'delete' });
    await send({ op: 'create', text: 'epoch,loss\n0,0.9\n1,0.8\n' });
    await waitFor(events, () => resets === 2 && seen.length === 2, 'both epochs of the third run');
    assert.deepEqual(
      seen.map((r) => [r.epoch, r.logs.loss]),
      [
        [0, 0.9],
        [1, 0.8],
      ],
    );
    assert.deepEqual(errors, []);
  } finally {
    tail.dispose();
    writer.stdin!.end();
    await new Promise((resolve) => writer.once('exit', resolve));
    rmSync(dir, { recursive: true, force: true });
  }
});
