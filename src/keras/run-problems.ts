/**
 * The clear errors of running a user's Keras script: no Python, no Keras for that Python, the
 * script failing before `fit`, never calling `fit`. Each names the file/line or the interpreter
 * and says what to do. Pure.
 */
import type { Problem } from '../shared/location';
import { parseTraceback, userFrame } from './traceback';

/** Packages whose absence means "this Python has no Keras", not "the script has a bug". */
/** A problem that is always an error (what FitwatchError takes). */
export type ErrorProblem = Problem & { severity: 'error' };

const KERAS_PACKAGES = new Set(['keras', 'tensorflow', 'tf_keras']);

/** The interpreter could not be started. */
export function noPythonProblem(python: string, reason: string): ErrorProblem {
  return {
    severity: 'error',
    code: 'keras-run/no-python',
    message: `No Python interpreter could be started as '${python}' (${reason}).`,
    fix: "Install Python 3, or say which interpreter to use: --python /path/to/python, the FITWATCH_PYTHON variable, or the fitwatch.pythonPath setting (e.g. your venv's bin/python).",
  };
}

/** The interpreter runs but cannot import Keras. */
export function noKerasProblem(python: string, executable: string, detail?: string): ErrorProblem {
  const shown = executable && executable !== python ? `${python} (${executable})` : python;
  return {
    severity: 'error',
    code: 'keras-run/no-keras',
    message: `The interpreter ${shown} cannot import Keras${detail ? `: ${detail}` : ''}.`,
    fix: `Install it for that interpreter: ${executable || python} -m pip install keras tensorflow (or tf-keras for Keras 2), or pick the interpreter of the environment that has Keras with --python / fitwatch.pythonPath.`,
  };
}

/** What the script's end means when it never reached (or got through) `fit`; undefined when there is nothing to report. */
export function scriptEndProblem(input: {
  script: string;
  python: string;
  executable: string;
  fits: number;
  exitCode: number | null;
  signal: string | null;
  stopped: boolean;
  stderr: string;
  samePath?: (a: string, b: string) => boolean;
  /** True when the script text mentions fit_generator (Keras 3 removed it). */
  usesFitGenerator?: boolean;
}): Problem | undefined {
  if (input.stopped) return undefined;
  const failed = input.exitCode !== 0 || input.signal !== null;
  if (!failed) {
    if (input.fits > 0) return undefined;
    return {
      severity: 'error',
      code: 'keras-run/no-fit',
      message: `${input.script} ran to the end without calling model.fit(...), so there was no training to record.`,
      fix: input.usesFitGenerator
        ? 'It calls fit_generator, which Keras 3 removed: call model.fit(generator, ...) instead (it takes generators and tf.data datasets).'
        : 'Run the script that trains (the one calling model.fit), or check that the branch with model.fit(...) runs with these arguments.',
      location: { file: input.script },
    };
  }
  const tb = parseTraceback(input.stderr);
  const when = input.fits > 0 ? 'after model.fit started' : 'before model.fit';
  if (!tb) {
    return {
      severity: 'error',
      code: input.fits > 0 ? 'keras-run/script-failed' : 'keras-run/failed-before-fit',
      message: `${input.script} ${input.signal ? `was killed by ${input.signal}` : `exited with code ${input.exitCode}`} ${when}.`,
      fix: 'Its output is above; run it with the same interpreter to see the error.',
      location: { file: input.script },
    };
  }
  if ((tb.type === 'ModuleNotFoundError' || tb.type === 'ImportError') && tb.missingModule && KERAS_PACKAGES.has(tb.missingModule)) {
    return noKerasProblem(input.python, input.executable, tb.exception);
  }
  const frame = userFrame(tb, input.script, input.samePath);
  return {
    severity: 'error',
    code: input.fits > 0 ? 'keras-run/script-failed' : 'keras-run/failed-before-fit',
    message: `${input.script} failed ${when}: ${tb.exception}`,
    fix: frame ? `See ${frame.file}:${frame.line}${frame.func ? ` (in ${frame.func})` : ''}; the traceback is above.` : 'The traceback is above.',
    location: frame ? { file: frame.file, line: frame.line } : { file: input.script },
  };
}
