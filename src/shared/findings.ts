import type { JsonPath } from './location';

/** Stable codes of the coach's findings; diagnostics and "don't show again" key on them. */
export const FINDING_CODES = [
  'plateau',
  'slow-progress',
  'underfitting',
  'overfitting',
  'divergence',
  'oscillation',
  'lr-too-low',
  'unnormalized-features',
  'sorted-validation',
  'class-imbalance',
  'initial-loss',
  'dead-relu',
  'vanishing-gradients',
  'exploding-gradients',
  'still-improving',
  'stuck',
  'noise-floor',
] as const;

/** One of FINDING_CODES. */
export type FindingCode = (typeof FINDING_CODES)[number];

/** One structured change to a spec: set `value` at `path` (undefined removes it). */
export interface SpecEdit {
  path: JsonPath;
  value: unknown;
  /** When `path` ends in an array index: insert before that item instead of replacing it (index -1 always appends). */
  insert?: boolean;
}

/** What a fix does, independent of where it lands (a spec, or Keras Python). */
export type FixKind =
  | 'addReduceLROnPlateau'
  | 'tuneReduceLROnPlateau'
  | 'addEarlyStopping'
  | 'widenLayers'
  | 'addLayer'
  | 'setLearningRate'
  | 'addDropout'
  | 'addL2'
  | 'normalizeFeatures'
  | 'shuffleBeforeSplit'
  | 'standardizeTarget'
  | 'balanceClassWeights'
  | 'trainLonger'
  | 'widenWithEarlyStopping'
  | 'lowerLrLongerRun'
  | 'switchToElu';

/** What the evaluation suite measured for a fix on runs like this one (docs/coach-eval.md). */
export interface FixEffect {
  /** Runs (dataset × configuration × seed) where the fix was applied. */
  runs: number;
  /** Runs where the delivered val_loss got better beyond the noise band and the best did not get worse. */
  helped: number;
  /** Runs where either got worse beyond the band. */
  worse: number;
}

/** A one-click remedy for a finding. */
export interface Fix {
  kind: FixKind;
  title: string;
  /** The one to offer first (`isPreferred` in VS Code). */
  preferred: boolean;
  /** The parameters chosen for this run (e.g. factor, patience, minDelta), also used by the Keras bridge. */
  params: Record<string, number | string | boolean>;
  /** The same remedy as edits on the spec. */
  specEdits: SpecEdit[];
  /** Why these parameters, e.g. what the replay predicts. */
  rationale?: string;
  /** Its measured effect on similar runs, when the evaluation suite has one ("helped 9 of 11 runs like this"). */
  effect?: FixEffect;
  /**
   * Set when the fix changes what the run optimises (e.g. class weights trade log-loss for the
   * rare class' recall): its val_loss cannot judge it, so a bare `--fix` never picks it.
   */
  tradeoff?: string;
}

/** Something the coach saw in the curves or the data. */
export interface Finding {
  code: FindingCode;
  severity: 'info' | 'warning' | 'error';
  /** 0-based inclusive epoch range the finding is about. */
  epochs: { start: number; end: number };
  /** The numbers behind it. */
  evidence: Record<string, number>;
  /** The rule that fired, in words, with its thresholds. */
  rule: string;
  /** The evidence in plain words: this run's numbers and where on the chart. */
  message: string;
  /** What it means: the mechanism in two or three plain sentences a Keras user understands. */
  meaning?: string;
  /** Set when no spec edit fixes it: what to do instead, said honestly. */
  noSpecFix?: string;
  /** The spec field the finding concerns, for placing a diagnostic. */
  specPath?: JsonPath;
  fixes: Fix[];
}
