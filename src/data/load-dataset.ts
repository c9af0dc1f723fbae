/** The loader's entry point: a data spec in, a training-ready Dataset out. */
import { extname } from 'node:path';
import { FitwatchError } from '../shared/location';
import type { ClassWeightSpec, DataSpec, FileDataSpec } from '../shared/spec';
import { readDelimited } from './csv-reader';
import type { Dataset, LoadOptions } from './dataset';
import { finishDataset, type FinishOptions } from './finish-dataset';
import { readJsonl } from './jsonl-reader';
import { readNpy } from './npy-reader';
import type { RawTable } from './raw-table';
import { sampleTable } from './sample';
import { resolveDataPath, type ResolvedDataPath } from './workspace-path';
import { fileError } from '../shared/file-errors';

/** File extensions the loader reads (lower case). */
export const SUPPORTED_EXTENSIONS = ['.csv', '.tsv', '.txt', '.npy', '.jsonl', '.ndjson'] as const;

/** Reads a file spec's rows, dispatching on the extension. */
export async function readFileTable(data: FileDataSpec, opts: LoadOptions): Promise<RawTable> {
  const { workspaceRoot, baseDir } = opts;
  const ext = extname(data.path).toLowerCase();
  const dataFile = await resolveDataPath(data.path, baseDir, workspaceRoot, 'data.path');
  if (data.labelsPath !== undefined && ext !== '.npy') {
    throw new FitwatchError({
      code: 'data/labels-path-not-npy',
      message: `data.labelsPath ("${data.labelsPath}") only applies to .npy features, but data.path is a ${ext || 'extensionless'} file.`,
      fix: 'Remove labelsPath and pick the label with labelColumn instead.',
      location: { file: dataFile.relPath },
    });
  }
  try {
    return await readByExtension(ext, data, dataFile, opts);
  } catch (err) {
    // The file was there when resolved: an errno now means it vanished, lost its permission, or the process ran out of handles.
    throw fileError(err, { what: `${dataFile.relPath}`, absPath: dataFile.absPath, location: { file: dataFile.relPath } }, 'read') ?? err;
  }
}

async function readByExtension(ext: string, data: FileDataSpec, dataFile: ResolvedDataPath, opts: LoadOptions): Promise<RawTable> {
  const { workspaceRoot, baseDir, signal } = opts;
  switch (ext) {
    case '.csv':
    case '.tsv':
    case '.txt':
      return readDelimited(dataFile.absPath, dataFile.relPath, dataFile.size, data, signal);
    case '.jsonl':
    case '.ndjson':
      return readJsonl(dataFile.absPath, dataFile.relPath, dataFile.size, data, signal);
    case '.npy': {
      const labels = data.labelsPath !== undefined ? await resolveDataPath(data.labelsPath, baseDir, workspaceRoot, 'data.labelsPath') : undefined;
      return readNpy({ absPath: dataFile.absPath, file: dataFile.relPath }, labels && { absPath: labels.absPath, file: labels.relPath }, data, signal);
    }
    default:
      throw new FitwatchError({
        code: 'data/unsupported-format',
        message: `${dataFile.relPath}: the extension "${ext || '(none)'}" is not a supported data format (supported: ${SUPPORTED_EXTENSIONS.join(', ')}).`,
        fix:
          ext === '.npz'
            ? 'Save each array with numpy.save() as .npy (X.npy and y.npy) and set labelsPath.'
            : 'Export the data as .csv (e.g. pandas df.to_csv(path, index=False)), or as .npy / .jsonl.',
        location: { file: dataFile.relPath },
      });
  }
}

/** Loads, checks, splits (Keras validation_split semantics) and normalises a dataset for training. */
export async function loadDataset(data: DataSpec, opts: LoadOptions): Promise<Dataset> {
  const startedAt = performance.now();
  opts.signal?.throwIfAborted();
  const table = data.kind === 'sample' ? sampleTable(data) : await readFileTable(data, opts);
  opts.signal?.throwIfAborted();
  return finishDataset(table, opts.loss, opts.validationSplit, data.normalize, startedAt, finishOptions(data, opts.classWeight));
}

/** What finishDataset takes from the spec besides the split: the file's preprocessing and fit.classWeight. */
export function finishOptions(data: DataSpec, classWeight: ClassWeightSpec | undefined): FinishOptions {
  return {
    ...(data.kind === 'file' ? { shuffleBeforeSplit: data.shuffleBeforeSplit, standardizeTarget: data.standardizeTarget } : {}),
    ...(classWeight ? { classWeight } : {}),
  };
}
