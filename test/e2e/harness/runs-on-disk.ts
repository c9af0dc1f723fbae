/**
 * Reading the run folders an e2e test's workspace holds (run.json, metrics.csv) and the panel's
 * drawn data, so tests assert on what is on disk and on screen rather than on log text.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { RunInfo } from '../../../src/shared/run';
import type { DrawnChart } from '../../../src/webview/debug-hook';

/** A run folder and its run.json. */
export interface RunOnDisk {
  dir: string;
  info: RunInfo;
}

/** Every run folder with a readable run.json under `<ws>/.fitwatch/runs`, oldest first. */
export function runsOnDisk(ws: string): RunOnDisk[] {
  const root = join(ws, '.fitwatch', 'runs');
  if (!existsSync(root)) return [];
  const out: RunOnDisk[] = [];
  for (const id of readdirSync(root).sort()) {
    try {
      out.push({ dir: join(root, id), info: JSON.parse(readFileSync(join(root, id, 'run.json'), 'utf8')) as RunInfo });
    } catch {
      // a folder being created, or without run.json yet
    }
  }
  return out;
}

/** The newest run of the spec named `specName`, if any. */
export function newestRunOf(ws: string, specName: string): RunOnDisk | undefined {
  return runsOnDisk(ws)
    .filter((r) => r.info.specName === specName)
    .pop();
}

/** metrics.csv of a run folder ('' while it does not exist). */
export function metricsCsv(dir: string): string {
  const f = join(dir, 'metrics.csv');
  return existsSync(f) ? readFileSync(f, 'utf8') : '';
}

/** Complete data rows of metrics.csv as [epoch, learning_rate]. */
export function learningRates(dir: string): [number, number][] {
  const lines = metricsCsv(dir).split('\n');
  lines.pop();
  const header = (lines.shift() ?? '').split(',');
  const e = header.indexOf('epoch');
  const lr = header.indexOf('learning_rate');
  if (e < 0 || lr < 0) return [];
  return lines
    .map((l) => l.split(','))
    .filter((c) => c.length === header.length)
    .map((c) => [Number(c[e]), Number(c[lr])]);
}

/** The panel's drawn data, its main run id and smoothing weight, from its test hook. */
export async function drawnInPanel(frame: Frame): Promise<{ runId: string | undefined; smoothing: number; drawn: DrawnChart[] }> {
  return frame.evaluate(() => {
    const p = window.__fitwatchPanel;
    p?.flush();
    return { runId: p?.mainRunId(), smoothing: p?.smoothing() ?? 0, drawn: p?.drawn() ?? [] };
  });
}
