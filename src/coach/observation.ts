/** What one rule saw at one moment; the tracker turns a run of observations into one finding. */
import type { FindingCode, Finding } from '../shared/findings';
import type { JsonPath } from '../shared/location';

/** A rule's verdict now: may the finding open (`enter`), must it close (`exit`), and its current description. */
export interface Observation {
  code: FindingCode;
  /** The entry condition holds now. */
  enter: boolean;
  /** The condition is clearly gone (the exit threshold, on the far side of the entry one). */
  exit: boolean;
  /** 0-based epoch the condition started at, if earlier than now (e.g. the start of the plateau window). */
  since?: number;
  /** 0-based epoch the observation is about. */
  epoch: number;
  severity: Finding['severity'];
  evidence: Record<string, number>;
  rule: string;
  message: string;
  /** The mechanism in plain words (see Finding.meaning). */
  meaning?: string;
  /** Set when no spec edit fixes it (see Finding.noSpecFix). */
  noSpecFix?: string;
  specPath?: JsonPath;
  /** Consecutive observations the entry (or exit) condition must hold before the finding opens (or closes); default 1. */
  persist?: number;
}

/** A percentage with one decimal for messages: 0.0042 → "0.4%". */
export function pct(fraction: number): string {
  const p = fraction * 100;
  return `${Math.abs(p) >= 10 ? p.toFixed(0) : p.toFixed(1)}%`;
}

/** A loss value the way Keras prints it. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-3 && value !== 0) ? value.toExponential(2) : value.toFixed(4);
}
