/** Written by `npm run coach:eval -- --write-effects` (tools/coach-eval); key "finding/fixKind". Do not edit by hand. */
import type { FixEffect } from '../shared/findings';

/** Measured effects from the last full suite run (docs/coach-eval.md). */
export const MEASURED_EFFECTS: Readonly<Record<string, FixEffect>> = {};
