/**
 * The measured effect of each fix, per finding and input context, from the evaluation suite
 * (`npm run coach:eval`, docs/coach-eval.md): "helped 9 of 11 runs like this". The suite writes
 * measured-effects.ts; fixes are ranked by it, so the preferred fix is the one the evidence favours.
 */
import type { FindingCode, Fix, FixEffect, FixKind } from '../shared/findings';
import { MEASURED_EFFECTS } from './measured-effects';

/** Fewer trials than this are too few to reorder fixes by. */
export const MIN_EFFECT_RUNS = 3;

/**
 * Which runs count as "like this": raw inputs (data.normalize "none", so the normalise fix is on
 * offer) or scaled ones. The same finding has different causes in
 * each (a stuck run on raw features is saturated by their scale; on scaled ones by a large rate),
 * so an effect measured in one says nothing about the other.
 */
export type EffectContext = 'raw-inputs' | 'scaled-inputs';

/** The effect context of a spec's data section. */
export function effectContext(normalize: string): EffectContext {
  return normalize === 'none' ? 'raw-inputs' : 'scaled-inputs';
}

/** The key measured-effects.ts uses: "finding/fixKind@context". */
export function effectKey(code: string, kind: string, context: EffectContext): string {
  return `${code}/${kind}@${context}`;
}

/** The measured effect of `kind` on runs with finding `code` in `context`, if the suite measured it. */
export function measuredEffect(code: FindingCode, kind: FixKind, context: EffectContext): FixEffect | undefined {
  return MEASURED_EFFECTS[effectKey(code, kind, context)];
}

/** The fix with its measured effect attached (unchanged when there is none). */
export function withEffect<T extends Omit<Fix, 'preferred'>>(code: FindingCode, fix: T, context: EffectContext): T {
  const effect = measuredEffect(code, fix.kind, context);
  return effect ? { ...fix, effect } : fix;
}

/** "helped 9 of 11 runs like this (worse in 1)", for the panel and the CLI. */
export function describeEffect(effect: FixEffect): string {
  return `helped ${effect.helped} of ${effect.runs} run${effect.runs === 1 ? '' : 's'} like this${effect.worse > 0 ? ` (worse in ${effect.worse})` : ', worse in none'}`;
}
