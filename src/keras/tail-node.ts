/**
 * Follows a CSVLogger file that a running Keras process appends to. A directory watcher
 * (debounced) triggers reads of the new bytes only; a slow poll takes over only if the
 * watcher fails. Truncation (size below what was read, or the bytes before the read offset
 * changed) and replacement (a new inode) start over from the header.
 */
import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { EpochRecord } from '../shared/metrics';
import { CsvTailParser } from './csv-tail';

/** Tuning and observation hooks. */
export interface TailOptions {
  /** Quiet time after a change before reading, so a burst of writes is one read (default 50 ms). */
  debounceMs?: number;
  /** Poll interval used only when the watcher fails (default 1000 ms). */
  fallbackPollMs?: number;
  /** A row that cannot be read, or an I/O error; the tail keeps going. */
  onError?: (error: unknown) => void;
  /** After every read, with the bytes consumed so far (lets callers and tests wait for a state, not a time). */
  onRead?: (bytesRead: number) => void;
}

/** Stops the tail. */
export interface Disposable {
  dispose(): void;
}

/** Bytes kept from just before the read offset, to notice a file rewritten past its old length. */
const FINGERPRINT_BYTES = 64;

/** Tails `path`: `onRecords` gets each batch of completed rows, `onReset` fires when the file starts over. */
export function tailCsvLog(path: string, onRecords: (records: EpochRecord[]) => void, onReset: () => void, options: TailOptions = {}): Disposable {
  const debounceMs = options.debounceMs ?? 50;
  const parser = new CsvTailParser(path);
  let decoder = new StringDecoder('utf8');
  let offset = 0;
  let inode: number | undefined;
  let fingerprint = Buffer.alloc(0);
  let disposed = false;
  let running = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;

  const restart = (): void => {
    parser.reset();
    decoder = new StringDecoder('utf8');
    offset = 0;
    fingerprint = Buffer.alloc(0);
    onReset();
  };

  const readNew = async (): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch {
      return; // not there (yet, or between delete and re-create): wait for the next change
    }
    const replaced = inode !== undefined && info.ino !== inode;
    inode = info.ino;
    if (offset > 0 && (replaced || info.size < offset)) restart();
    if (info.size === offset) return;
    const from = offset - fingerprint.length;
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(info.size - from);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, from);
      const data = buffer.subarray(0, bytesRead);
      if (!data.subarray(0, fingerprint.length).equals(fingerprint)) {
        // Rewritten from the start and already longer than before: read it all again.
        restart();
        again = true;
        return;
      }
      const fresh = data.subarray(fingerprint.length);
      offset += fresh.length;
      const tail = Buffer.concat([fingerprint, fresh]);
      fingerprint = Buffer.from(tail.subarray(Math.max(0, tail.length - FINGERPRINT_BYTES)));
      const { records, errors } = parser.feed(decoder.write(fresh));
      for (const e of errors) options.onError?.(e);
      if (records.length > 0 && !disposed) onRecords(records);
    } finally {
      await handle.close();
    }
  };

  const check = async (): Promise<void> => {
    if (disposed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        try {
          await readNew();
        } catch (e: unknown) {
          options.onError?.(e);
        }
        if (!disposed) options.onRead?.(offset);
      } while (again && !disposed);
    } finally {
      running = false;
    }
  };

  const schedule = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void check(), debounceMs);
  };

  const startPolling = (): void => {
    if (poll || disposed) return;
    poll = setInterval(() => void check(), options.fallbackPollMs ?? 1000);
  };

  try {
    const name = basename(path);
    watcher = watch(dirname(path), (_event, file) => {
      if (file === null || file === name) schedule();
    });
    watcher.on('error', (e) => {
      options.onError?.(e);
      watcher?.close();
      startPolling();
    });
  } catch (e: unknown) {
    options.onError?.(e);
    startPolling();
  }
  void check();

  return {
    dispose(): void {
      disposed = true;
      if (timer) clearTimeout(timer);
      if (poll) clearInterval(poll);
      watcher?.close();
    },
  };
}
