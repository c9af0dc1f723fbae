/** `fitwatch --help`. */
import { EXIT } from './exit-codes';

/** The help text, with the exit codes spelled out for scripts. */
export const HELP_TEXT = `fitwatch: train a neural network on a dataset and watch its curves.

Usage:
  fitwatch train <spec.fitwatch.json | data.csv|.tsv|.npy|.jsonl> [options]
  fitwatch train --sample [options]
  fitwatch train --resume <run folder> [options]
  fitwatch predict <run folder | run id> <data file> [--out FILE] [--model best|final]
  fitwatch run <script.py> [--python PATH] [--workspace DIR] [--json] [-- script args]
  fitwatch diagnose <log | logdir | run folder> [--script train.py] [--json]
  fitwatch --help | --version

  A data file gets a generated spec (binary labels → sigmoid + binaryCrossentropy,
  classes → softmax + sparseCategoricalCrossentropy, numbers → linear + meanSquaredError).
  --sample trains the motivating Keras example (64 → 16 relu → 16 relu → 1 sigmoid,
  Adam 0.01, batch 200, validation_split 0.2) on the embedded 50,000 × 64 sample.

Options:
  --epochs N          override fit.epochs
  --backend B         tfjs backend: auto (tensorflow → wasm → cpu), tensorflow, wasm, cpu
  --engine E          auto (fast MLP engine when the spec fits it; Keras when installed and
                      measurably faster for the model's size), tfjs, fast, keras (the equivalent
                      Keras 3 script, written into the run folder and run in your Python;
                      see docs/keras-engine.md)
  --python PATH       the Python of the Keras engine (default $FITWATCH_PYTHON, else python3)
  --threads N         most threads the fast engine splits a wide layer's batch over (default:
                      one fewer than the cores, at least 1; the seed always runs on one)
  --health-every N    report gradient health every N epochs (default 10, 0 = never)
  --workspace DIR     folder that holds .fitwatch/runs and bounds data paths
                      (default: the current folder if the input is inside it, else the input's folder)
  --resume DIR        continue an interrupted or stopped run (.fitwatch/runs/<id>) from its last
                      checkpointed epoch, in the same folder (--epochs N trains it up to N)
  --seed N            override fit.seed (the same seed repeats the run)
  --fix               after the run, write the preferred fix of the most severe warning or error
                      into the spec (comments kept; the text before is saved in the run folder).
                      Info findings (slow-progress, noise-floor, still-improving, class-imbalance)
                      are listed, not applied. A data file gets its generated spec written beside
                      it first. A finding with no spec fix is said so; no other finding's fix is
                      written in its place.
  --fix CODE          write the fix of this finding, info findings too (also --fix --finding CODE)
  --json              one JSON object per line: run, ready, dataset, epoch, event, health,
                      warning, finding, done, error
  -h, --help          this text
  -v, --version       the version

Predict options:
  --out FILE, -o      write the predictions CSV there (default: stdout); --force replaces a file
  --model M           best (default when the run saved one) or final
  --backend B         tfjs backend for the saved model (default auto)
  predict applies the run's preprocessing.json (feature scaling, label names) to the rows
  and writes one line per row: the predicted class and each class's probability, or the
  value. With the label column in the file it also prints the accuracy (or mae/mse).

run: runs your Keras script unchanged with your Python (--python, else $FITWATCH_PYTHON,
  else python3) and records every model.fit as a run folder while it trains; the coach
  reads each finished run. Ctrl-C stops after the current batch. See docs/keras.md.
diagnose: the coach's findings on a CSVLogger file, saved model.fit output, a history.history
  JSON dump, a TensorBoard logdir (Keras, SummaryWriter, tensorboardX, Lightning) or a run folder.

Runs are saved in <workspace>/.fitwatch/runs/<id>/ (metrics.csv in Keras CSVLogger format,
  events.jsonl, run.json, preprocessing.json, model-best/, model-final/, checkpoint.bin for resuming,
  summary.md: what happened in the run).
Epochs are numbered from 1, as Keras prints them, in the text and in --json.
Ctrl-C stops after the current batch and saves; a second Ctrl-C kills the trainer.
A run that was killed or lost its disk space can be continued with --resume.

Exit codes:
  ${EXIT.done}    training ran (completed, early-stopped)
  ${EXIT.trainingFailed}    training failed (loss diverged, run failed, trainer killed: resume it with --resume)
  ${EXIT.badInput}    bad input (spec, data file, options) or environment (disk full, read-only or
       unwritable folder, too many open files); problems print as file:line:col: error: …
  ${EXIT.internal}    internal error (a bug; the trainer log is printed)
  ${EXIT.interrupted}  interrupted by Ctrl-C
`;
