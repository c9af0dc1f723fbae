/** `fitwatch --help`. */
import { EXIT } from './exit-codes';

/** The help text, with the exit codes spelled out for scripts. */
export const HELP_TEXT = `fitwatch: train a neural network on a dataset and watch its curves.

Usage:
  fitwatch train <spec.fitwatch.json | data.csv|.tsv|.npy|.jsonl> [options]
  fitwatch train --sample [options]
  fitwatch train --resume <run folder> [options]
  fitwatch --help | --version

  A data file gets a generated spec (binary labels → sigmoid + binaryCrossentropy,
  classes → softmax + sparseCategoricalCrossentropy, numbers → linear + meanSquaredError).
  --sample trains the motivating Keras example (64 → 16 relu → 16 relu → 1 sigmoid,
  Adam 0.01, batch 200, validation_split 0.2) on the embedded 50,000 × 64 sample.

Options:
  --epochs N          override fit.epochs
  --backend B         tfjs backend: auto (tensorflow → wasm → cpu), tensorflow, wasm, cpu
  --engine E          auto (fast MLP engine when the spec fits it), tfjs, fast
  --health-every N    report gradient health every N epochs (default 10, 0 = never)
  --workspace DIR     folder that holds .fitwatch/runs and bounds data paths
                      (default: the current folder if the input is inside it, else the input's folder)
  --resume DIR        continue an interrupted or stopped run (.fitwatch/runs/<id>) from its last
                      checkpointed epoch, in the same folder (--epochs N trains it up to N)
  --fix               after the run, write the coach's preferred fix into the spec (comments
                      kept; the text before is saved in the run folder)
  --json              one JSON object per line: run, ready, dataset, epoch, event, health,
                      warning, finding, done, error
  -h, --help          this text
  -v, --version       the version

Runs are saved in <workspace>/.fitwatch/runs/<id>/ (metrics.csv in Keras CSVLogger format,
events.jsonl, run.json, model-best/, model-final/, checkpoint.bin for resuming).
Ctrl-C stops after the current batch and saves; a second Ctrl-C kills the trainer.
A run that was killed or lost its disk space can be continued with --resume.

Exit codes:
  ${EXIT.done}    training ran (completed, early-stopped)
  ${EXIT.trainingFailed}    training failed (loss diverged, run failed)
  ${EXIT.badInput}    bad input (spec, data file, options) or environment (disk full, read-only or
       unwritable folder, too many open files); problems print as file:line:col: error: …
  ${EXIT.internal}    internal error (a bug; the trainer log is printed)
  ${EXIT.interrupted}  interrupted by Ctrl-C
`;
