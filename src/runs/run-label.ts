/**
 * A run's label and note, kept in `label.json` beside run.json: the trainer rewrites run.json
 * while it trains, so what the user wrote lives in a file only the user's actions touch.
 * A labelled run is never removed by retention (src/runs/housekeeping.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sidecar's file name inside a run folder. */
export const RUN_LABEL_FILE = 'label.json';

/** What the user wrote about a run. */
export interface RunLabel {
  label?: string;
  note?: string;
}

/** The run's label and note; an unreadable sidecar reads as a label (so retention keeps the run). */
export function readRunLabel(runDir: string): RunLabel | undefined {
  const file = join(runDir, RUN_LABEL_FILE);
  if (!existsSync(file)) return undefined;
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof raw !== 'object' || raw === null) return { label: '(unreadable label.json)' };
    const r = raw as Record<string, unknown>;
    const out: RunLabel = {};
    if (typeof r.label === 'string' && r.label.trim()) out.label = r.label.trim();
    if (typeof r.note === 'string' && r.note.trim()) out.note = r.note.trim();
    return out;
  } catch {
    return { label: '(unreadable label.json)' };
  }
}

/** Whether retention must keep the run: it has a label or a note. */
export function isLabelled(runDir: string): boolean {
  const l = readRunLabel(runDir);
  return Boolean(l && (l.label || l.note));
}

/** Writes the label and note (empty ones are dropped). */
export function writeRunLabel(runDir: string, label: RunLabel): void {
  const out: RunLabel = {};
  if (label.label?.trim()) out.label = label.label.trim();
  if (label.note?.trim()) out.note = label.note.trim();
  writeFileSync(join(runDir, RUN_LABEL_FILE), JSON.stringify(out, null, 2) + '\n');
}
