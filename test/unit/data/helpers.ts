/** Shared helpers for the data tests: temp workspaces and a loader call with spec defaults. */
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { loadDataset } from '../../../src/data/load-dataset';
import type { Dataset } from '../../../src/data/dataset';
import { FitwatchError, type Problem } from '../../../src/shared/location';
import type { FileDataSpec, LossName } from '../../../src/shared/spec';

/** The folder of the checked-in fixtures, used as a workspace root. */
export const FIXTURES = resolve(__dirname, '../../fixtures/data');

/** A fresh temp folder holding `files` (text or bytes), for cases built inline. */
export async function workspace(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'fitwatch-data-'));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, name)), { recursive: true });
    await writeFile(join(root, name), content);
  }
  return root;
}

/** Options for `load`. */
export interface LoadCase {
  loss?: LossName;
  validationSplit?: number;
  data?: Partial<FileDataSpec>;
}

/** Loads `path` under `root` with the spec defaults (labelColumn -1, header auto, no normalisation). */
export function load(root: string, path: string, c: LoadCase = {}): Promise<Dataset> {
  const data: FileDataSpec = { kind: 'file', path, labelColumn: -1, header: 'auto', normalize: 'none', ...c.data };
  return loadDataset(data, { workspaceRoot: root, baseDir: root, loss: c.loss ?? 'binaryCrossentropy', validationSplit: c.validationSplit ?? 0 });
}

/** Loads and expects a FitwatchError; returns its problem for assertions. */
export async function loadProblem(root: string, path: string, c: LoadCase = {}): Promise<Problem> {
  let caught: unknown;
  try {
    await load(root, path, c);
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof FitwatchError, `expected a FitwatchError, got ${String(caught)}`);
  return caught.problem;
}

/** Row `r` of a row-major matrix. */
export function row(x: Float32Array, features: number, r: number): number[] {
  return Array.from(x.subarray(r * features, (r + 1) * features));
}
