import type { JsonPath } from './location';

/** Stable codes of the coach's findings; diagnostics and "don't show again" key on them. */
export type FindingCode =
  | 'plateau'
  | 'slow-progress'
  | 'underfitting'
  | 'overfitting'
  | 'divergence'
  | 'oscillation'
  | 'lr-too-low'
  | 'unnormalized-features'
  | 'sorted-validation'
  | 'class-imbalance'
  | 'initial-loss'
  | 'dead-relu'
  | 'vanishing-gradients'
  | 'exploding-gradients';

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
  | 'shuffleBeforeSplit';

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
  /** What it means, in plain words. */
  message: string;
  /** The spec field the finding concerns, for placing a diagnostic. */
  specPath?: JsonPath;
  fixes: Fix[];
}
