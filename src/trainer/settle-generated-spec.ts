/**
 * Loads the data of a start message. For a spec the CLI generated from a bare data file, the CLI
 * only peeked at the first rows (src/data/peek.ts), so its task and output layer are a guess: here,
 * with every label read, the head (last layer, loss, metric) is generated again from the real
 * task and class count before the labels are encoded. The file is parsed once, by the trainer.
 */
import { finishOptions, loadDataset, readFileTable } from '../data/load-dataset';
import type { Dataset, LoadOptions } from '../data/dataset';
import { finishDataset } from '../data/finish-dataset';
import { inferTask } from '../data/labels';
import { FitwatchError } from '../shared/location';
import type { StartMessage } from '../shared/protocol/trainer';
import { generateSpecText, parseSpec } from '../shared/spec';

/** Loads the start message's data; settles a generated spec's head in place (`start.spec.model`, `start.spec.compile`). */
export async function loadStartData(start: StartMessage, opts: Omit<LoadOptions, 'loss' | 'validationSplit'>): Promise<Dataset> {
  const { spec } = start;
  const generated = start.generated;
  if (!generated || spec.data.kind !== 'file') {
    return loadDataset(spec.data, {
      ...opts,
      loss: spec.compile.loss,
      validationSplit: spec.fit.validationSplit,
      ...(spec.fit.classWeight ? { classWeight: spec.fit.classWeight } : {}),
    });
  }
  const startedAt = performance.now();
  const table = await readFileTable(spec.data, { ...opts, loss: spec.compile.loss, validationSplit: spec.fit.validationSplit });
  const { task, classes } = inferTask(table.labels);
  const text = generateSpecText({ ...generated, task, ...(classes ? { classes: classes.length } : {}), features: table.features });
  const settled = parseSpec(text, start.specFile ?? '<generated spec>').spec;
  if (!settled) {
    throw new FitwatchError({
      code: 'trainer/generated-spec',
      message: 'The spec generated for the data file does not parse.',
      fix: 'This is a bug in Fitwatch.',
    });
  }
  spec.model = settled.model;
  spec.compile = settled.compile;
  return finishDataset(table, spec.compile.loss, spec.fit.validationSplit, spec.data.normalize, startedAt, finishOptions(spec.data, spec.fit.classWeight));
}
