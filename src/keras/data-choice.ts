/**
 * The dataset the user picked for "Train in Fitwatch", as the paths the generated spec holds:
 * relative to the script's folder (the spec is written beside the script), `/`-separated.
 * Spec paths may not climb out with `..`, so a file elsewhere is an error that says what to do.
 * Pure path logic, tested in Node.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import type { SpecDataChoice } from './to-spec';
import { FitwatchError } from '../shared/location';
import { SPEC_SUFFIX } from '../shared/dataset-files';

/** `train.py` → `train.fitwatch.json` in the same folder (where the generated spec goes). */
export function specPathBeside(source: string): string {
  const base = basename(source);
  const dot = base.lastIndexOf('.');
  return join(dirname(source), `${dot > 0 ? base.slice(0, dot) : base}${SPEC_SUFFIX}`);
}

/** Data files "Train in Fitwatch" accepts. */
export const KERAS_DATA_EXTENSIONS = ['npy', 'csv'] as const;

/** `path` relative to `dir` with `/`, or a FitwatchError when it is not inside `dir`. */
function inside(dir: string, path: string, what: string, specName: string): string {
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith('..') || rel.split(sep).includes('..') || /^([/\\]|[A-Za-z]:)/.test(rel)) {
    throw new FitwatchError({
      code: 'keras/data-outside',
      message: `The ${what} ${path} is not inside ${dir}, the folder ${specName} is written to; spec paths cannot climb out with "..".`,
      fix: `Move or link the file into ${dir} (or a folder below it), then run Train in Fitwatch again.`,
      location: { file: path },
    });
  }
  return rel.split(sep).join('/');
}

/** The spec's data fields for `dataPath` (and `labelsPath` for an X .npy), relative to `specDir`. */
export function kerasDataChoice(specDir: string, specName: string, dataPath: string, labelsPath?: string): SpecDataChoice {
  const lower = dataPath.toLowerCase();
  if (!KERAS_DATA_EXTENSIONS.some((e) => lower.endsWith(`.${e}`))) {
    throw new FitwatchError({
      code: 'keras/data-kind',
      message: `${basename(dataPath)} is not a dataset Train in Fitwatch reads.`,
      fix: 'Pick a .csv file (label in the last column) or the X .npy of an X/y pair.',
      location: { file: dataPath },
    });
  }
  const data = inside(specDir, dataPath, 'dataset', specName);
  if (!lower.endsWith('.npy')) return { dataPath: data };
  if (labelsPath === undefined) {
    throw new FitwatchError({
      code: 'keras/labels-missing',
      message: `${basename(dataPath)} holds the features only; the labels .npy is needed too.`,
      fix: 'Pick the y .npy that goes with it (same number of rows).',
      location: { file: dataPath },
    });
  }
  return { dataPath: data, labelsPath: inside(specDir, labelsPath, 'labels file', specName) };
}
