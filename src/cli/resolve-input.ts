/**
 * Turns what was typed after `fitwatch train` into a resolved spec: a spec file is parsed with
 * located problems, a bare data file gets the spec the editor's "New Training Spec" would write,
 * and --sample is the embedded seed spec.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { inspectDataFile } from '../data/infer';
import { FitwatchError, type Problem } from '../shared/location';
import { generateSpecText, parseSpec } from '../shared/spec';
import type { FitwatchSpec } from '../shared/spec';
import { SEED_SPEC_TEXT } from './sample-spec';

/** A spec ready to send to the trainer. */
export interface TrainInput {
  spec: FitwatchSpec;
  /** Absolute spec path for the trainer (virtual for generated specs: data paths resolve beside it). */
  specFile?: string;
  /** What to call the input in messages. */
  label: string;
  workspaceRoot: string;
  /** Parsed JSON of the spec text, for the coach's fixes. */
  rawSpec?: unknown;
  /** Non-fatal spec problems to print. */
  warnings: Problem[];
  /** The text of a spec the user wrote (not a generated one): what `--fix` edits. */
  specText?: string;
  /** For a data file: the generated spec's text, which `--fix` writes to `specFile` before fixing it. */
  generatedSpecText?: string;
}

/** The spec had errors: print them and exit 2. */
export class SpecProblems extends Error {
  override name = 'SpecProblems';
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s) in the spec`);
  }
}

const DATA_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.npy', '.jsonl', '.ndjson']);

function isInside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The workspace: as given, else the cwd when the input lives under it, else the input's folder. */
export function chooseWorkspace(inputAbs: string | undefined, cwd: string, explicit?: string): string {
  if (explicit !== undefined) return resolve(cwd, explicit);
  if (inputAbs === undefined || isInside(cwd, inputAbs)) return cwd;
  return dirname(inputAbs);
}

function parseOrThrow(text: string, file: string): { spec: FitwatchSpec; warnings: Problem[]; rawSpec: unknown } {
  const result = parseSpec(text, file);
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (!result.spec || errors.length > 0) throw new SpecProblems(result.problems);
  // The coach edits paths that exist in the file as written, so it gets the raw JSON, not the resolved spec.
  const rawSpec: unknown = parseJsonc(text, [], { allowTrailingComma: true });
  return { spec: result.spec, warnings: result.problems.filter((p) => p.severity === 'warning'), rawSpec };
}

/** For X.npy, the sibling labels file y.npy (or X_train.npy → y_train.npy) if it exists. */
function guessNpyLabels(abs: string): string | undefined {
  const name = basename(abs);
  if (!/^x/i.test(name)) return undefined;
  for (const candidate of [name.replace(/^x/, 'y'), name.replace(/^X/, 'y'), name.replace(/^X/, 'Y')]) {
    const p = join(dirname(abs), candidate);
    if (candidate !== name && existsSync(p)) return p;
  }
  return undefined;
}

/** Resolves the train input; throws SpecProblems, FitwatchError (data), or Error (file missing). */
export async function resolveTrainInput(target: string | undefined, cwd: string, workspace?: string): Promise<TrainInput> {
  if (target === undefined) {
    const { spec, warnings, rawSpec } = parseOrThrow(SEED_SPEC_TEXT, 'seed.fitwatch.json');
    return { spec, label: 'the embedded seed sample', workspaceRoot: chooseWorkspace(undefined, cwd, workspace), rawSpec, warnings };
  }
  const abs = resolve(cwd, target);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    throw new FitwatchError({
      code: 'cli/no-such-file',
      message: `${target} does not exist or is not a file.`,
      fix: 'Check the path; give a *.fitwatch.json spec or a .csv/.tsv/.npy/.jsonl data file.',
      location: { file: target },
    });
  }
  const workspaceRoot = chooseWorkspace(abs, cwd, workspace);
  const ext = extname(abs).toLowerCase();
  if (DATA_EXTENSIONS.has(ext)) {
    const labelsAbs = ext === '.npy' ? guessNpyLabels(abs) : undefined;
    const info = await inspectDataFile(abs, labelsAbs);
    const name = basename(abs).replace(/\.[^.]+$/, '');
    const text = generateSpecText({
      dataPath: basename(abs),
      labelsPath: labelsAbs ? basename(labelsAbs) : undefined,
      task: info.task,
      classes: info.classes?.length,
      features: info.features,
      name,
    });
    const specFile = join(dirname(abs), `${name}.fitwatch.json`);
    const { spec, warnings, rawSpec } = parseOrThrow(text, specFile);
    return { spec, specFile, label: `${target} (generated spec: ${info.task}, ${info.features} features)`, workspaceRoot, rawSpec, warnings, generatedSpecText: text };
  }
  const specText = readFileSync(abs, 'utf8');
  const { spec, warnings, rawSpec } = parseOrThrow(specText, target);
  return { spec, specFile: abs, label: target, workspaceRoot, rawSpec, warnings, specText };
}
