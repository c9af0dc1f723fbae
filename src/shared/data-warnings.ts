/** Non-fatal data hazards the coach surfaces: a label-sorted validation tail and unscaled features. */
import type { FeatureStats } from './dataset';
import type { Problem } from './location';
import type { NormalizeMode } from './spec';

/** Total variation distance above which the validation tail's class mix counts as different. */
export const SORTED_TV_THRESHOLD = 0.3;
/** A class missing from the validation tail only counts when it would expect at least this many rows there. */
export const MIN_EXPECTED_VAL_ROWS = 5;

const SHUFFLE_FIX =
  'Shuffle the rows of the file once before training: Keras validation_split takes the LAST rows before shuffling, so a file sorted by label validates on a different mix than it trains on.';

function pct(n: number, total: number): string {
  return `${total > 0 ? Math.round((100 * n) / total) : 0}%`;
}

/** Compares the class mix of the training part and the validation tail. */
export function classMixWarning(file: string, classes: readonly string[], train: readonly number[], val: readonly number[]): Problem | undefined {
  const nt = train.reduce((a, b) => a + b, 0);
  const nv = val.reduce((a, b) => a + b, 0);
  if (nt === 0 || nv === 0) return undefined;
  let tv = 0;
  for (let k = 0; k < classes.length; k++) tv += Math.abs(train[k] / nt - val[k] / nv);
  tv /= 2;
  const onlyTrain = classes.findIndex((_, k) => val[k] === 0 && (train[k] / nt) * nv >= MIN_EXPECTED_VAL_ROWS);
  const onlyVal = classes.findIndex((_, k) => train[k] === 0 && val[k] > 0);
  if (tv <= SORTED_TV_THRESHOLD && onlyTrain < 0 && onlyVal < 0) return undefined;
  const mix = classes
    .slice(0, 6)
    .map((c, k) => `${JSON.stringify(c)} ${pct(train[k], nt)} vs ${pct(val[k], nv)}`)
    .join(', ');
  let reason: string;
  if (onlyVal >= 0) reason = `class ${JSON.stringify(classes[onlyVal])} occurs only in the validation tail, never in training`;
  else if (onlyTrain >= 0) reason = `class ${JSON.stringify(classes[onlyTrain])} has ${train[onlyTrain]} training rows but none in the validation tail`;
  else reason = `total variation distance ${tv.toFixed(2)} > ${SORTED_TV_THRESHOLD}`;
  return {
    severity: 'warning',
    code: 'data/sorted-validation',
    message: `The validation tail (last ${nv} rows) has a different label mix than the training part (training vs validation: ${mix}): ${reason}. The file looks sorted by label.`,
    fix: SHUFFLE_FIX,
    location: { file },
  };
}

/** For regression: a validation tail whose target mean is more than one training std away. */
export function targetShiftWarning(file: string, y: Float32Array, trainRows: number): Problem | undefined {
  const rows = y.length;
  if (trainRows === 0 || trainRows === rows) return undefined;
  const mean = (a: number, b: number): number => {
    let s = 0;
    for (let i = a; i < b; i++) s += y[i];
    return s / (b - a);
  };
  const mt = mean(0, trainRows);
  const mv = mean(trainRows, rows);
  let sq = 0;
  for (let i = 0; i < trainRows; i++) sq += (y[i] - mt) ** 2;
  const sd = Math.sqrt(sq / trainRows);
  if (!(Math.abs(mv - mt) > sd)) return undefined;
  return {
    severity: 'warning',
    code: 'data/sorted-validation',
    message: `The validation tail's targets (mean ${mv.toPrecision(4)}) sit more than one training std (${sd.toPrecision(4)}) away from the training targets (mean ${mt.toPrecision(4)}). The file looks sorted by the target.`,
    fix: SHUFFLE_FIX,
    location: { file },
  };
}

/** Why a feature looks unscaled, or undefined when it looks fine. */
export function unscaledReason(s: FeatureStats): string | undefined {
  const maxAbs = Math.max(Math.abs(s.min), Math.abs(s.max));
  if (s.std > 10) return `std ${s.std.toPrecision(3)}`;
  if (maxAbs > 100) return `max |value| ${maxAbs.toPrecision(3)}`;
  // |mean| > 1 too, so a rare 0/1 indicator (mean 0.99, std 0.1) is not flagged.
  if (Math.abs(s.mean) > 3 * s.std && Math.abs(s.mean) > 1) return `mean ${s.mean.toPrecision(3)} against std ${s.std.toPrecision(3)}`;
  return undefined;
}

/** Features far from normalised (|mean| > 3·std, std > 10 or max |value| > 100) when normalize is 'none'. */
export function unnormalizedWarning(file: string, stats: readonly FeatureStats[], normalize: NormalizeMode): Problem | undefined {
  if (normalize !== 'none') return undefined;
  const flagged = stats.flatMap((s) => {
    const why = unscaledReason(s);
    return why ? [`${JSON.stringify(s.name)} (${why})`] : [];
  });
  if (flagged.length === 0) return undefined;
  const shown = flagged.slice(0, 3).join(', ') + (flagged.length > 3 ? `, and ${flagged.length - 3} more` : '');
  return {
    severity: 'warning',
    code: 'data/unnormalized-features',
    message: `${flagged.length} of ${stats.length} features are far from normalised: ${shown}. Unscaled inputs slow gradient descent and can stall it on a plateau.`,
    fix: 'Set "normalize": "standard" in the data section (statistics come from the training rows only).',
    location: { file },
  };
}
