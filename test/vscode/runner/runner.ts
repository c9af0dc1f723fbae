/**
 * A test-profile-only extension: when code-server's extension host starts with
 * FITWATCH_SUITE_RESULTS set, run the in-editor suite once and write its results there
 * (atomically, so the harness never reads half a file).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { runSuite } from '../suite/index';

/** Starts the suite in the background; activation itself stays instant. */
export function activate(): void {
  const out = process.env.FITWATCH_SUITE_RESULTS;
  if (!out) return;
  void runSuite().then(
    (results) => write(out, { results }),
    (e: unknown) => write(out, { results: [], crash: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
}

function write(file: string, body: object): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(body, null, 2));
  renameSync(`${file}.tmp`, file);
}
