/**
 * The measured effect of each fix, per finding, from the evaluation suite (`npm run coach:eval`,
 * docs/coach-eval.md): "helped 9 of 11 runs like this". The suite writes measured-effects.ts;
 * fixes are ranked by it, so the preferred fix is the one the evidence favours.
 */
import type { FindingCode, Fix, FixEffect, FixKind } from '../shared/findings';
import { MEASURED_EFFECTS } from './measured-effects';

/** Fewer trials than this are too few to reorder fixes by. */
export const MIN_EFFECT_RUNS = 3;

/** The measured effect of `kind` on runs with finding `code`, if the suite measured it. */
export function measuredEffect(code: FindingCode, kind: FixKind): FixEffect | undefined {
  return MEASURED_EFFECTS[`${code}/${kind}`];
}

/** The fix with its measured effect attached (unchanged when there is none). */
export function withEffect<T extends Omit<Fix, 'preferred'>>(code: FindingCode, fix: T): T {
  const effect = measuredEffect(code, fix.kind);
  return effect ? { ...fix, effect } : fix;
}

/** "helped 9 of 11 runs like this (worse in 1)", for the panel and the CLI. */
export function describeEffect(effect: FixEffect): string {
  return `helped ${effect.helped} of ${effect.runs} run${effect.runs === 1 ? '' : 's'} like this${effect.worse > 0 ? ` (worse in ${effect.worse})` : ', worse in none'}`;
}
