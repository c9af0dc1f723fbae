/**
 * The coach for a Keras log. The coach reads a FitwatchSpec (learning rate, layers, loss,
 * callbacks already there), so the spec comes from the linked script when there is one
 * (`kerasScriptToSpecText` + `parseSpec`). Without a script only what the curves alone
 * support is kept: fixes that would name layers, data or a learning rate Fitwatch never saw
 * are left out rather than invented. Pure, so it is tested in Node.
 */
import { parse as parseJsonc } from 'jsonc-parser';
import { diagnose, whatIf, type CoachConfig } from '../coach/index';
import { kerasScriptToSpecText } from './to-spec';
import type { PythonAnalysis } from './python-types';
import type { Finding, FindingCode, FixKind } from '../shared/findings';
import { FitwatchError } from '../shared/location';
import type { History } from '../shared/metrics';
import type { FitwatchSpec } from '../shared/spec';
import { generateSpecText, parseSpec } from '../shared/spec/index';

/** What the coach is told about the run. */
export interface KerasCoachContext {
  spec: FitwatchSpec;
  /** The spec's raw JSON (fix paths), when it came from the script. */
  rawSpec?: unknown;
  /** Whether the spec is the script's model; false for the neutral stand-in. */
  fromScript: boolean;
  /** What the user should know about the advice, e.g. which fixes need the script. */
  notes: string[];
}

/** Keras' Adam default, assumed for the replay sentences when neither the log nor a script says. */
export const KERAS_DEFAULT_LEARNING_RATE = 0.001;

/** Fixes that change the model, the data or the learning rate: they need the script to mean anything. */
const SCRIPT_FIX_KINDS: readonly FixKind[] = [
  'widenLayers',
  'addLayer',
  'addDropout',
  'addL2',
  'normalizeFeatures',
  'shuffleBeforeSplit',
  'setLearningRate',
  'tuneReduceLROnPlateau',
  'switchToElu',
];

/** Spec-only fixes (compound edits, new data fields) the Python side cannot write into a script yet. */
const SPEC_ONLY_FIX_KINDS: readonly FixKind[] = ['widenWithEarlyStopping', 'lowerLrLongerRun', 'trainLonger', 'standardizeTarget', 'balanceClassWeights'];

/** Findings judged against the model or the data rather than the curves alone. */
const SCRIPT_FINDINGS: readonly FindingCode[] = [
  'initial-loss',
  'unnormalized-features',
  'sorted-validation',
  'class-imbalance',
  'dead-relu',
  'vanishing-gradients',
  'exploding-gradients',
];

/** Findings whose message quotes the learning rate, dropped when the rate is only assumed. */
const LR_FINDINGS: readonly FindingCode[] = ['lr-too-low', 'oscillation'];

/** The script's model, compile and fit as the coach's spec; throws a FitwatchError naming what Fitwatch cannot read. */
export function coachContextFromScript(analysis: PythonAnalysis): KerasCoachContext {
  // The data file is not needed for advice; the spec parser only checks the path's shape.
  const text = kerasScriptToSpecText(analysis, { dataPath: 'keras-data.csv' });
  const file = analysis.file.replace(/\.py$/i, '.fitwatch.json');
  const { spec, problems } = parseSpec(text, file);
  const error = problems.find((p) => p.severity === 'error');
  if (!spec || error) {
    throw new FitwatchError({
      code: error?.code ?? 'keras/spec',
      message: `The model of ${analysis.file} did not make a valid spec: ${error?.message ?? 'unknown problem'}.`,
      fix: error?.fix ?? 'Check the model, compile and fit calls of the script.',
      location: { file: analysis.file },
    });
  }
  return { spec, rawSpec: parseJsonc(text, [], { allowTrailingComma: true }), fromScript: true, notes: [] };
}

/** The learning rate the log recorded at its first epoch, if it has the column. */
function loggedLearningRate(history: History): number | undefined {
  const lr = history.find((r) => r.logs.learning_rate !== undefined)?.logs.learning_rate;
  return lr !== undefined && Number.isFinite(lr) && lr > 0 ? lr : undefined;
}

/** A stand-in spec when no script is linked: the curves' shape only, with `reason` saying why. */
export function neutralCoachContext(history: History, totalEpochs: number | undefined, reason: string): KerasCoachContext {
  const text = generateSpecText({ dataPath: 'keras-data.csv', task: 'binary', features: 1, name: 'keras log' });
  const parsed = parseSpec(text, 'keras-log.fitwatch.json').spec;
  if (!parsed) throw new Error('The neutral spec for a Keras log did not parse; this is a Fitwatch bug.');
  const lr = loggedLearningRate(history);
  const spec: FitwatchSpec = {
    ...parsed,
    compile: { ...parsed.compile, optimizer: { ...parsed.compile.optimizer, learningRate: lr ?? KERAS_DEFAULT_LEARNING_RATE } },
    fit: {
      ...parsed.fit,
      epochs: Math.max(totalEpochs ?? 0, history.length, 1),
      validationSplit: history.some((r) => r.logs.val_loss !== undefined) ? 0.2 : 0,
    },
    callbacks: {},
  };
  const notes = [
    `${reason} The advice reads the curves only: link the script (Fitwatch: Link Keras Log to Script…) for fixes that widen layers or change the learning rate, and for findings about the model.`,
  ];
  if (lr === undefined) notes.push(`The log has no learning_rate column, so the replay assumes Keras' default ${KERAS_DEFAULT_LEARNING_RATE}.`);
  return { spec, fromScript: false, notes };
}

/** What the coach says about a Keras run. */
export interface KerasDiagnosis {
  findings: Finding[];
  whatIf: string[];
}

/** Diagnoses the history against the context; without a script, drops what the curves cannot back. */
export function diagnoseKerasRun(history: History, ctx: KerasCoachContext, finished: boolean, config: Partial<CoachConfig> = {}): KerasDiagnosis {
  if (history.length === 0) return { findings: [], whatIf: [] };
  let findings = diagnose({ history, spec: ctx.spec, rawSpec: ctx.rawSpec, finished, config }).map((f) => {
    const kept = f.fixes.filter((x) => !SPEC_ONLY_FIX_KINDS.includes(x.kind));
    return kept.length === f.fixes.length ? f : { ...f, fixes: kept.map((x, i) => ({ ...x, preferred: i === 0 })) };
  });
  if (!ctx.fromScript) {
    const lrKnown = loggedLearningRate(history) !== undefined;
    findings = findings
      .filter((f) => !SCRIPT_FINDINGS.includes(f.code) && (lrKnown || !LR_FINDINGS.includes(f.code)))
      .map((f) => ({ ...f, specPath: undefined, fixes: f.fixes.filter((x) => !SCRIPT_FIX_KINDS.includes(x.kind)) }));
  }
  return { findings, whatIf: whatIf(history, ctx.spec).sentences };
}
